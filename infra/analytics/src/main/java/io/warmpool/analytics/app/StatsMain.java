package io.warmpool.analytics.app;

import io.warmpool.events.EventType;
import io.warmpool.events.PoolStats;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.events.codec.EventDecodingException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./warmpool stats [--bootstrap B]}: a live table of pool.stats, one line per pool, redrawn
 * whenever a window closes. It starts with the windows of the last ten minutes, joins no consumer
 * group and commits nothing: any number of operators can watch.
 */
public final class StatsMain {
    private static final Duration LOOK_BACK = Duration.ofMinutes(10);
    private static final PrintStream OUT = System.out;

    private StatsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env;
        try {
            env = AnalyticsMain.withFlags(System.getenv(), List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool stats: " + e.getMessage() + "\nusage: ./warmpool stats [--bootstrap HOST:PORT]");
            System.exit(2);
            return;
        }
        if (env == null) {
            OUT.println("usage: ./warmpool stats [--bootstrap HOST:PORT]   (default WARMPOOL_KAFKA_BOOTSTRAP, else localhost:9092)");
            return;
        }
        KafkaSettings kafka = KafkaSettings.from(Env.of(env));
        String topic = kafka.topics().of(EventType.POOL_STATS);
        EventCodec codec = new EventCodec(kafka.topics(), URI.create("/warmpool/stats"));
        Map<String, Object> config = new HashMap<>(kafka.passThrough());
        config.put("bootstrap.servers", kafka.bootstrap());
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic);
            consumer.assign(partitions);
            seekBack(consumer, partitions);
            Map<String, PoolStats> latest = new TreeMap<>();
            OUT.println("warmpool stats: reading " + topic + " from " + kafka.bootstrap() + " (Ctrl-C to stop)");
            while (true) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    try {
                        PoolStats s = (PoolStats) codec.decode(r.topic(), r.headers(), r.value());
                        PoolStats before = latest.get(s.pool());
                        if (before == null || s.windowStart() >= before.windowStart()) {
                            latest.put(s.pool(), s);
                            changed = true;
                        }
                    } catch (EventDecodingException e) {
                        System.err.printf("skipped %s-%d offset %d: %s%n", r.topic(), r.partition(), r.offset(),
                                e.getMessage());
                    }
                }
                if (changed) {
                    OUT.print((System.console() != null ? "\033[H\033[2J" : "\n") + StatsTable.render(latest.values()));
                    OUT.flush();
                }
            }
        }
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic)
            throws InterruptedException {
        boolean told = false;
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (!told) {
                OUT.println("waiting for topic " + topic + " (is the analytics app running?)");
                told = true;
            }
            Thread.sleep(2000);
        }
    }

    private static void seekBack(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        long from = System.currentTimeMillis() - LOOK_BACK.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        consumer.seekToEnd(partitions);
        offsets.forEach((p, o) -> {
            if (o != null) {
                consumer.seek(p, o.offset());
            }
        });
    }
}
