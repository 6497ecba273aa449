package io.warmpool.events;

/**
 * Replenishment of a pool in a window: bots asked for ({@code pool.deficit} missing), bots that
 * failed to start ({@code bot.spawn.failed} count), and the time from a deficit to its bots' READY.
 */
public record SpawnCounts(long asked, long failed, Distribution deficitToReadyMs) {
    public SpawnCounts {
        Require.notNegative("spawns.asked", asked);
        Require.notNegative("spawns.failed", failed);
        Require.present("spawns.deficitToReadyMs", deficitToReadyMs);
    }
}
