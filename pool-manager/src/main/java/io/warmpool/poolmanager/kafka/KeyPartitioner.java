package io.warmpool.poolmanager.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** The partition Kafka's default partitioner writes a keyed record to: it decides who owns a pool. */
public final class KeyPartitioner {
    private KeyPartitioner() {
    }

    public static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
