package io.warmpool.analytics.stats;

import io.warmpool.events.Distribution;
import java.util.Collection;

/** Nearest-rank percentiles of a window's samples: exact, because a window keeps every sample. */
public final class Percentiles {
    private Percentiles() {
    }

    public static Distribution of(Collection<Long> samples) {
        if (samples.isEmpty()) {
            return Distribution.NONE;
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Distribution(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** The sample at rank ceil(p/100 * n), counted from 1. */
    private static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
