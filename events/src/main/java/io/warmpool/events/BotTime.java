package io.warmpool.events;

/**
 * Bot time of a pool in a window, in bot-milliseconds, from heartbeats: {@code liveMs} in any
 * state, {@code busyMs} serving a session, {@code readyMs} warm and idle (the cost of keeping
 * bots warm). {@code utilisation} is busyMs / liveMs, 0 when no bot was live.
 */
public record BotTime(long liveMs, long busyMs, long readyMs, double utilisation) {
    public static final BotTime NONE = new BotTime(0, 0, 0, 0);

    public BotTime {
        Require.notNegative("bots.liveMs", liveMs);
        Require.notNegative("bots.busyMs", busyMs);
        Require.notNegative("bots.readyMs", readyMs);
        if (busyMs + readyMs > liveMs) {
            throw new InvalidFieldException("bots.liveMs", "must cover busyMs and readyMs");
        }
        if (!(utilisation >= 0 && utilisation <= 1)) {
            throw new InvalidFieldException("bots.utilisation", "must be in 0..1 but was " + utilisation);
        }
    }

    public static BotTime of(long liveMs, long busyMs, long readyMs) {
        return new BotTime(liveMs, busyMs, readyMs, liveMs == 0 ? 0 : (double) busyMs / liveMs);
    }
}
