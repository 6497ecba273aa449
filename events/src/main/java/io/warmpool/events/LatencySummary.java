package io.warmpool.events;

/** Recent assignment latency (requestedAt to assignedAt) of a pool, over the last {@code count} assignments. */
public record LatencySummary(long count, long p50Ms, long p99Ms, long maxMs) {
    public LatencySummary {
        Require.notNegative("assignLatency.count", count);
        Require.notNegative("assignLatency.p50Ms", p50Ms);
        Require.notNegative("assignLatency.p99Ms", p99Ms);
        Require.notNegative("assignLatency.maxMs", maxMs);
    }

    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0);
}
