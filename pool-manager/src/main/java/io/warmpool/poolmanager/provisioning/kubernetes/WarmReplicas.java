package io.warmpool.poolmanager.provisioning.kubernetes;

/**
 * How many warm pods a pool's Deployment asks for: the sizing rules of the label method, pure.
 * Warm pods are the Deployment's replicas; relabelled pods (serving a session) are outside it but
 * still count against {@code maxBots}.
 *
 * <ul>
 *   <li>a deficit raises the replicas to its target ({@code minReady + queued}), never above
 *       {@code maxBots - relabelled}, and never lowers them (a deficit caused by an assignment has
 *       the target {@code minReady}: the relabel already made the controller start a replacement);</li>
 *   <li>an assignment while the replicas exceed {@code minReady} consumes a burst pod: one replica
 *       less, so no replacement is started for it;</li>
 *   <li>the pool's status lowers the replicas to its target, so the Deployment returns to
 *       {@code minReady} once the queue is gone, whatever order the events came in.</li>
 * </ul>
 */
public record WarmReplicas(int minReady, int maxBots) {
    public WarmReplicas {
        if (minReady < 0 || maxBots < 1 || minReady > maxBots) {
            throw new IllegalArgumentException("need 0 <= minReady <= maxBots and maxBots >= 1, got minReady="
                    + minReady + " maxBots=" + maxBots);
        }
    }

    /** The replicas a new Deployment starts with. */
    public int initial(int relabelled) {
        return Math.max(0, Math.min(minReady, maxBots - relabelled));
    }

    /** The replicas after a deficit asking for {@code target} warm bots. */
    public int afterDeficit(int current, int target, int relabelled) {
        int room = Math.max(0, maxBots - relabelled);
        return Math.max(current, Math.min(target, room));
    }

    /** The replicas once the pool's status asks for {@code target} warm bots: never more, never raised. */
    public int afterStatus(int current, int target, int relabelled) {
        return Math.min(current, Math.min(target, Math.max(0, maxBots - relabelled)));
    }

    /** The replicas once a warm pod has been relabelled for a session. */
    public int afterAssignment(int current) {
        return current > minReady ? current - 1 : current;
    }
}
