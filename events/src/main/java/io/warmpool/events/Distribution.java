package io.warmpool.events;

/**
 * Nearest-rank percentiles of {@code count} samples (all zero when there is none): pN is the
 * smallest sample that at least N % of the samples do not exceed.
 */
public record Distribution(long count, long p50, long p95, long p99, long max) {
    public static final Distribution NONE = new Distribution(0, 0, 0, 0, 0);

    public Distribution {
        Require.notNegative("count", count);
        Require.notNegative("p50", p50);
        if (p95 < p50 || p99 < p95 || max < p99) {
            throw new InvalidFieldException("p95", "percentiles must not decrease: p50 " + p50 + ", p95 " + p95
                    + ", p99 " + p99 + ", max " + max);
        }
    }
}
