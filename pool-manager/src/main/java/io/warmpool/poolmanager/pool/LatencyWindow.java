package io.warmpool.poolmanager.pool;

import io.warmpool.events.LatencySummary;
import java.util.Arrays;

/** The last {@code size} assignment latencies of a pool, for the p50/p99/max of {@code pool.status}. */
final class LatencyWindow {
    private final long[] ring;
    private long count;

    LatencyWindow(int size) {
        ring = new long[size];
    }

    void add(long millis) {
        ring[(int) (count % ring.length)] = millis;
        count++;
    }

    LatencySummary summary() {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) {
            return LatencySummary.NONE;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        return new LatencySummary(n, rank(sorted, 0.50), rank(sorted, 0.99), sorted[n - 1]);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
