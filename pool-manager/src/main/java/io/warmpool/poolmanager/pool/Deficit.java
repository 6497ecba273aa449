package io.warmpool.poolmanager.pool;

import io.warmpool.events.PoolSnapshot;

/**
 * The deficit rule of docs/ARCHITECTURE.md: enough READY or coming bots for {@code minReady} plus the queue,
 * without live bots and pending spawns ever passing {@code maxBots}.
 */
public final class Deficit {
    private Deficit() {
    }

    /**
     * {@code min(max - total - pending, minReady + queued - ready - starting - pending)}: pending spawns
     * count against {@code max} too, or a long queue asks for more than {@code max} bots before the
     * first of them heartbeats.
     */
    public static int missing(int minReady, PoolSnapshot s) {
        return missing(minReady, s, 0);
    }

    /** As above, with {@code comingBack} bots (of a reuse pool, out for a moment) counted as coming. */
    public static int missing(int minReady, PoolSnapshot s, int comingBack) {
        int room = s.max() - s.total() - s.pending();
        int wanted = minReady + s.queued() - s.ready() - s.starting() - s.pending() - comingBack;
        return Math.min(room, wanted);
    }

    public static int target(int minReady, int maxBots, int queued) {
        return (int) Math.min(maxBots, (long) minReady + queued);
    }
}
