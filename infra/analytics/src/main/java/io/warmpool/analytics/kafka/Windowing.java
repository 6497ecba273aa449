package io.warmpool.analytics.kafka;

import java.time.Duration;

/**
 * The topology's time settings: tumbling windows of {@code window}, open to late events for
 * {@code grace} after they end; a heartbeat covers at most {@code maxGap} of a bot's time.
 */
public record Windowing(Duration window, Duration grace, Duration maxGap) {
    public static final Windowing DEFAULT =
            new Windowing(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(3));

    public Windowing {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (grace.isNegative() || maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("grace must not be negative and maxGap must be positive");
        }
    }

    /** How long facts are remembered (outcomes counted, bots, deficits): many windows, at least half an hour. */
    Duration memory() {
        Duration windows = window.multipliedBy(10).plus(grace);
        return windows.compareTo(Duration.ofMinutes(30)) > 0 ? windows : Duration.ofMinutes(30);
    }
}
