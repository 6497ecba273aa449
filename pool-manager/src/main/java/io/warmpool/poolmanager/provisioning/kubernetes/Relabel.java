package io.warmpool.poolmanager.provisioning.kubernetes;

/**
 * What to do with a pod the allocator assigned, judged by its {@code warmpool.io/assigned} label and
 * when that label was set. Pure; the conditional update that follows a {@link Take} is what makes
 * the decision safe when two pool managers look at the same pod at once.
 */
public sealed interface Relabel {

    /**
     * @param assignedLabel the pod's label now ({@code null}: not a warm pod)
     * @param assignedAt    when the pod was relabelled (epoch ms), if known
     * @param wanted        the label value of the new session ({@link BotLabels#assignedValue})
     * @param claimTimeoutMs the pool's claim timeout: an older assignment was given up by the
     *                       allocator unless claimed, and the bot's claim check still decides who talks to it
     */
    static Relabel decide(String assignedLabel, Long assignedAt, String wanted, long now, long claimTimeoutMs) {
        if (BotLabels.NOT_ASSIGNED.equals(assignedLabel)) {
            return new Take();
        }
        if (wanted.equals(assignedLabel)) {
            return new AlreadyDone();
        }
        if (assignedLabel != null && assignedAt != null && now - assignedAt >= claimTimeoutMs) {
            return new Take();
        }
        return new TakenBy(assignedLabel);
    }

    /** Warm, or assigned longer ago than a claim may take and handed out again: relabel it for the session. */
    record Take() implements Relabel {
    }

    /** Relabelled for this session already (the assignment was read twice). */
    record AlreadyDone() implements Relabel {
    }

    /** Relabelled for another session a moment ago, or not a warm pod at all ({@code null}): leave it. */
    record TakenBy(String assignedLabel) implements Relabel {
    }
}
