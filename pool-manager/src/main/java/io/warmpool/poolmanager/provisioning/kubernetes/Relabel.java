package io.warmpool.poolmanager.provisioning.kubernetes;

/**
 * What to do with a pod the allocator assigned, judged by its {@code warmpool.io/assigned} label.
 * Pure; the conditional update that follows a {@link Take} is what makes the decision safe when two
 * pool managers look at the same pod.
 */
public sealed interface Relabel {

    /** @param wanted the label value of the session ({@link BotLabels#assignedValue}) */
    static Relabel decide(String assignedLabel, String wanted) {
        if (BotLabels.NOT_ASSIGNED.equals(assignedLabel)) {
            return new Take();
        }
        if (wanted.equals(assignedLabel)) {
            return new AlreadyDone();
        }
        return new TakenBy(assignedLabel);
    }

    /** Warm: relabel it for the session. */
    record Take() implements Relabel {
    }

    /** Relabelled for this session already (the assignment was read twice). */
    record AlreadyDone() implements Relabel {
    }

    /** Relabelled for another session, or not a warm pod at all ({@code null}): leave it. */
    record TakenBy(String assignedLabel) implements Relabel {
    }
}
