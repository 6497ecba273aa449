package io.warmpool.poolmanager.pool;

import io.warmpool.events.LatencySummary;
import java.util.Arrays;

/** The last {@code size} assignment latencies of a pool, for the p50/p99/max of {@code pool.status}. */
final class LatencyWindow {
    private final long[] ring;
    private long count;
    private java.util.List<long[]> journal; // {slot, value before} per add while a checkpoint is open

    LatencyWindow(int size) {
        ring = new long[size];
    }

    void add(long millis) {
        int slot = (int) (count % ring.length);
        if (journal != null) {
            journal.add(new long[] {slot, ring[slot]});
        }
        ring[slot] = millis;
        count++;
    }

    /** Starts journaling adds, so that {@link #rollback()} can undo them. */
    void begin() {
        journal = new java.util.ArrayList<>();
    }

    void rollback() {
        for (int i = journal.size() - 1; i >= 0; i--) {
            long[] undo = journal.get(i);
            ring[(int) undo[0]] = undo[1];
            count--;
        }
        journal = null;
    }

    void commit() {
        journal = null;
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
