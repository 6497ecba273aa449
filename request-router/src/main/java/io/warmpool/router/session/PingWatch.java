package io.warmpool.router.session;

/**
 * Whether the far end of a WebSocket still answers. On each tick of a periodic timer: ping when no
 * ping is out; a ping unanswered for a whole interval is a miss, and {@code misses} in a row mean the
 * peer is gone (at most {@code misses + 1} intervals after its last sign of life). Any sign of life
 * (a pong, a frame) clears the count. Only ticks an interval apart on the pinger's clock count, so a
 * pause of the pinger itself (a GC, SIGSTOP), whose missed timer runs come in a burst, costs at most
 * one miss. Pure: the caller passes the time in.
 */
public final class PingWatch {
    public enum Action { PING, WAIT, GONE }

    private final long intervalMs;
    private final int misses;
    private long pingSentAt = -1;
    private int missed;

    public PingWatch(long intervalMs, int misses) {
        if (intervalMs <= 0 || misses < 1) {
            throw new IllegalArgumentException("need a positive interval and misses, got " + intervalMs + ", " + misses);
        }
        this.intervalMs = intervalMs;
        this.misses = misses;
    }

    public Action tick(long now) {
        if (pingSentAt < 0) {
            pingSentAt = now;
            return Action.PING;
        }
        if (now - pingSentAt < intervalMs) {
            return Action.WAIT;
        }
        if (++missed >= misses) {
            return Action.GONE;
        }
        pingSentAt = now;
        return Action.PING;
    }

    /** The peer answered a ping or sent a frame. */
    public void heard() {
        pingSentAt = -1;
        missed = 0;
    }
}
