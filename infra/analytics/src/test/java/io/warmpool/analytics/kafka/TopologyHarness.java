package io.warmpool.analytics.kafka;

import io.warmpool.events.EventType;
import io.warmpool.events.PoolStats;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EncodedEvent;
import io.warmpool.events.codec.EventCodec;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The analytics topology in a {@link TopologyTestDriver}: events in as encoded records, pool.stats out decoded. */
final class TopologyHarness implements AutoCloseable {
    static final Topics TOPICS = new Topics("t.");

    final DecodeFailures failures = new DecodeFailures();
    private final EventCodec codec = new EventCodec(TOPICS, URI.create("/test"));
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final TestOutputTopic<String, byte[]> output;

    TopologyHarness(Windowing windowing) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(StatsTopology.build(TOPICS, windowing, failures), props);
        output = driver.createOutputTopic(TOPICS.of(EventType.POOL_STATS), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    TopologyHarness() {
        this(Windowing.DEFAULT);
    }

    void send(WarmpoolEvent... events) {
        for (WarmpoolEvent event : events) {
            EncodedEvent e = codec.encode(event);
            input(e.topic()).pipeInput(new TestRecord<>(e.key(), e.payload(), new RecordHeaders(e.headers()),
                    (Long) null));
        }
    }

    /** A raw record, as any client might write it. */
    void sendRaw(EventType type, byte[] value, RecordHeaders headers, long timestamp) {
        input(TOPICS.of(type)).pipeInput(new TestRecord<>("k", value, headers, timestamp));
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, Serdes.String().serializer(),
                Serdes.ByteArray().serializer()));
    }

    /** Every pool.stats record published since the last call, checked by the strict decoder. */
    List<PoolStats> stats() {
        return output.readRecordsToList().stream()
                .map(r -> (PoolStats) codec.decode(TOPICS.of(EventType.POOL_STATS), r.headers(), r.value()))
                .toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
