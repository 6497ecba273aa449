package io.warmpool.poolmanager.pool;

/**
 * How one pool is run. Times are milliseconds.
 *
 * @param minReady         READY bots kept on top of the queued requests
 * @param maxBots          live bots plus pending spawns never exceed this
 * @param queueCapacity    requests waiting for a bot; one more is rejected {@code overloaded}
 * @param maxWaitMs        a request waits at most this long, even if its own deadline is later
 * @param claimTimeoutMs   an assignment not confirmed by a BUSY heartbeat within this returns the bot to READY
 *                         (time while the pool's input flows, as for a bot's silence: a stall does not count)
 * @param heartbeatMs      the bots' heartbeat interval
 * @param missedHeartbeats after this many intervals of silence a bot is LOST
 * @param spawnTimeoutMs   a pending spawn not heard from within this is given up and asked for again
 * @param spawnBackoffMs   the first wait after a failed spawn; it doubles with each failure in a row
 * @param afterSession     what a bot does when its session ends
 */
public record PoolPolicy(int minReady, int maxBots, int queueCapacity, long maxWaitMs, long claimTimeoutMs,
                         long heartbeatMs, int missedHeartbeats, long spawnTimeoutMs, long spawnBackoffMs,
                         AfterSession afterSession) {
    /** Backoff after repeated spawn failures stops growing here. */
    public static final long MAX_BACKOFF_MS = 60_000;

    public PoolPolicy {
        if (minReady < 0 || maxBots < 1 || minReady > maxBots) {
            throw new IllegalArgumentException("need 0 <= min <= max and max >= 1, got min=" + minReady
                    + " max=" + maxBots);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue must not be negative: " + queueCapacity);
        }
        if (maxWaitMs <= 0 || claimTimeoutMs <= 0 || heartbeatMs <= 0 || missedHeartbeats < 1
                || spawnTimeoutMs <= 0 || spawnBackoffMs <= 0) {
            throw new IllegalArgumentException("times and missedHeartbeats must be positive");
        }
        if (afterSession == null) {
            throw new IllegalArgumentException("afterSession is required");
        }
    }

    /** The original setup: three warm bots, up to twenty, retire after one session. */
    public static PoolPolicy defaults() {
        return new PoolPolicy(3, 20, 100, 30_000, 10_000, 1_000, 3, 60_000, 1_000, AfterSession.RETIRE);
    }

    public long silenceBeforeLostMs() {
        return heartbeatMs * missedHeartbeats;
    }

    /**
     * After a rebuild no deficit is asked for until a live bot had as long to be heard as it takes to
     * call a silent one lost, counted from the rebuild and again from the first record read after it;
     * otherwise each rebalance (or a slow first poll) would double the pool.
     */
    public long rebuildGraceMs() {
        return silenceBeforeLostMs();
    }

    public long backoffMs(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 20);
        return Math.min(MAX_BACKOFF_MS, spawnBackoffMs << doublings);
    }

    public PoolPolicy withMinMax(int min, int max) {
        return new PoolPolicy(min, max, queueCapacity, maxWaitMs, claimTimeoutMs, heartbeatMs, missedHeartbeats,
                spawnTimeoutMs, spawnBackoffMs, afterSession);
    }
}
