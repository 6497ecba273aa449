package io.warmpool.bench.report;

import org.HdrHistogram.Histogram;

/**
 * One row of the results table: a latency distribution (microseconds, as recorded) with what was
 * measured and how many samples it holds.
 */
public record Figure(String key, String label, Histogram histogram) {
    /** Microseconds up to one hour, three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public double ms(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMs() {
        return histogram.getMaxValue() / 1000.0;
    }

    public String summary() {
        return String.format("n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms", count(), ms(50), ms(90), ms(99), maxMs());
    }
}
