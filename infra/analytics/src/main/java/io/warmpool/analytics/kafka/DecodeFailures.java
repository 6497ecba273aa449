package io.warmpool.analytics.kafka;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records the topology could not decode: counted and logged with their coordinates, then skipped. */
public final class DecodeFailures {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeFailures.class);

    private final AtomicLong count = new AtomicLong();

    void record(String topic, int partition, long offset, String error) {
        long n = count.incrementAndGet();
        LOG.warn("skipped undecodable record {}-{} offset {} ({} so far): {}", topic, partition, offset, n, error);
    }

    public long count() {
        return count.get();
    }
}
