package io.warmpool.events;

/**
 * The allocator's count of a pool's bots. {@code total} counts every live bot (starting, ready,
 * assigned, busy); {@code pending} counts bots asked for but not yet heard from; {@code target} is
 * {@code min(max, minReady + queued)}.
 */
public record PoolSnapshot(int ready, int starting, int assigned, int busy, int pending, int queued,
                           int total, int target, int max) {
    public PoolSnapshot {
        Require.notNegative("snapshot.ready", ready);
        Require.notNegative("snapshot.starting", starting);
        Require.notNegative("snapshot.assigned", assigned);
        Require.notNegative("snapshot.busy", busy);
        Require.notNegative("snapshot.pending", pending);
        Require.notNegative("snapshot.queued", queued);
        Require.notNegative("snapshot.total", total);
        Require.notNegative("snapshot.target", target);
        Require.notNegative("snapshot.max", max);
    }

    public static PoolSnapshot empty(int max) {
        return new PoolSnapshot(0, 0, 0, 0, 0, 0, 0, 0, max);
    }
}
