package io.warmpool.poolmanager.liveness;

/**
 * When silence is evidence. A member (a bot) is judged by how long it stayed silent <em>while the
 * input it speaks through was shown to flow</em>: other records of the same input were read. When
 * the whole input goes quiet (a paused process, a consumer that does not poll, a broker restart)
 * that time counts against no one: silence is measured up to the last record read, and a gap in the
 * input longer than {@code gapMs} restarts the count for everyone from the first record after it.
 * Pure: the reader passes in when it read each record.
 */
public final class Liveness {
    private final long gapMs;
    private boolean heard;
    private long lastInputAt;
    private long flowingSince;

    /** @param gapMs input quiet for longer than this is a stall, not silence of its members */
    public Liveness(long gapMs) {
        if (gapMs <= 0) {
            throw new IllegalArgumentException("gapMs must be positive, got " + gapMs);
        }
        this.gapMs = gapMs;
    }

    /**
     * For members that speak every {@code intervalMs} and are given up after {@code silenceMs}: a
     * stall just short of the gap, plus the interval a member may have been quiet before it, stays
     * below the silence bound, so a stall alone never makes a member silent.
     */
    public static Liveness forIntervals(long intervalMs, long silenceMs) {
        return new Liveness(Math.max(intervalMs, silenceMs - intervalMs));
    }

    /** A record of the input was read at {@code now}. */
    public void input(long now) {
        if (!heard || now - lastInputAt > gapMs) {
            flowingSince = now;
        }
        heard = true;
        lastInputAt = Math.max(lastInputAt, now);
    }

    /** How long a member last heard at {@code heardAt} has been silent while the input flowed. */
    public long silence(long heardAt) {
        return heard ? Math.max(0, lastInputAt - Math.max(heardAt, flowingSince)) : 0;
    }

    /** A copy of this state, to put back with {@link #restore} if an input is undone. */
    public Liveness copy() {
        Liveness copy = new Liveness(gapMs);
        copy.restore(this);
        return copy;
    }

    public void restore(Liveness saved) {
        heard = saved.heard;
        lastInputAt = saved.lastInputAt;
        flowingSince = saved.flowingSince;
    }

    public long gapMs() {
        return gapMs;
    }
}
