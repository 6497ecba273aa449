package io.warmpool.router.session;

/**
 * A per-connection message rate limit: a token bucket of {@code burst} messages refilled at
 * {@code perSecond}. A message over the limit is refused (the client gets {@code rate_limited});
 * {@code burst} refusals in a row mean the client will not slow down, and the connection is closed.
 * Pure: time comes in as {@code now} (ms).
 */
public final class FloodGuard {
    public enum Verdict { ACCEPT, REFUSE, DISCONNECT }

    private final double perMs;
    private final int burst;
    private double tokens;
    private long last;
    private int refusedInARow;

    public FloodGuard(double perSecond, int burst, long now) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perMs = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    public Verdict admit(long now) {
        tokens = Math.min(burst, tokens + Math.max(0, now - last) * perMs);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        return ++refusedInARow >= burst ? Verdict.DISCONNECT : Verdict.REFUSE;
    }
}
