package io.warmpool.runtime.kafka;

import java.util.function.LongConsumer;

/**
 * At most {@code perWindow} log lines of one kind per window; the rest are counted and told as one
 * line once the window is over. A flood of bad records (ten thousand a second) must leave the
 * first lines to read, a count, and the consumer's time to the records, not to its log.
 * Used on one event loop.
 */
final class LogBudget {
    private final int perWindow;
    private final long windowMs;
    private long windowStart = Long.MIN_VALUE;
    private int used;
    private long held;

    LogBudget(int perWindow, long windowMs) {
        this.perWindow = perWindow;
        this.windowMs = windowMs;
    }

    /** True when one more line may be written now; else it is counted for {@link #close}. */
    boolean take(long now, LongConsumer heldLines) {
        close(now, heldLines);
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
        }
        if (used < perWindow) {
            used++;
            return true;
        }
        held++;
        return false;
    }

    /** Once the window is over: tells the lines held back in it (if any) and opens the next. */
    void close(long now, LongConsumer heldLines) {
        if (windowStart == Long.MIN_VALUE || now - windowStart < windowMs) {
            return;
        }
        if (held > 0) {
            heldLines.accept(held);
        }
        windowStart = Long.MIN_VALUE;
        used = 0;
        held = 0;
    }
}
