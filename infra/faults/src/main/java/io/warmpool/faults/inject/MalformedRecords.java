package io.warmpool.faults.inject;

import io.warmpool.events.EventType;
import io.warmpool.events.SchemaVersion;
import io.warmpool.faults.stack.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes malformed records with a plain Kafka producer, as a buggy or hostile client would: not
 * JSON, a bad envelope, missing fields, mistyped fields, a newer major {@code schemaVersion} (a
 * real record of the topic with its version raised), and one 1 MB record per topic. Returns the
 * coordinates of every record written, to be found again in the DLQ.
 */
public final class MalformedRecords {
    /** The kinds, written in turn. */
    public enum Kind { NOT_JSON, BAD_ENVELOPE, MISSING_FIELDS, MISTYPED_FIELDS, NEWER_MAJOR }

    private static final int ONE_MB = 1_000_000;

    private MalformedRecords() {
    }

    /** {@code perTopic} records (the kinds in turn) plus one 1 MB record on each topic of {@code types}. */
    public static Set<String> write(String bootstrap, Recorder recorder, Map<EventType, String> topics, String key,
                                    int perTopic) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName(),
                "max.request.size", Integer.toString(2 * ONE_MB),
                "linger.ms", "5"))) {
            for (Map.Entry<EventType, String> t : topics.entrySet()) {
                byte[] newer = recorder.sample(t.getValue()).map(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .orElse("{\"schemaVersion\":\"1.0\"}").replaceFirst("\"schemaVersion\":\"[^\"]*\"",
                                "\"schemaVersion\":\"" + (SchemaVersion.MAJOR + 1) + ".0\"")
                        .getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < perTopic; i++) {
                    Kind kind = Kind.values()[i % Kind.values().length];
                    sent.add(producer.send(record(t.getValue(), t.getKey(), key, kind, newer, i)));
                }
                String padded = "{\"schemaVersion\":\"1.0\",\"pad\":\"" + "x".repeat(ONE_MB - 40) + "\"}";
                sent.add(producer.send(withHeaders(new ProducerRecord<>(t.getValue(), bytes(key), bytes(padded)),
                        t.getKey().eventName())));
            }
            producer.flush();
        }
        Set<String> written = new HashSet<>();
        for (Future<RecordMetadata> f : sent) {
            RecordMetadata m = f.get();
            written.add(Recorder.key(m.topic(), m.partition(), m.offset()));
        }
        return written;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, EventType type, String key, Kind kind,
                                                         byte[] newer, int i) {
        return switch (kind) {
            case NOT_JSON -> withHeaders(new ProducerRecord<>(topic, bytes(key), bytes("not json {" + i)),
                    type.eventName());
            case BAD_ENVELOPE -> withHeaders(new ProducerRecord<>(topic, bytes(key), bytes("{}")), "no.such.event");
            case MISSING_FIELDS -> withHeaders(new ProducerRecord<>(topic, bytes(key),
                    bytes("{\"schemaVersion\":\"1.0\"}")), type.eventName());
            case MISTYPED_FIELDS -> withHeaders(new ProducerRecord<>(topic, bytes(key), bytes(
                    "{\"schemaVersion\":1,\"pool\":42,\"botId\":{\"x\":1},\"sessionId\":[1],\"seq\":\"many\","
                            + "\"state\":7,\"reason\":false,\"missing\":\"none\",\"snapshot\":\"full\"}")),
                    type.eventName());
            case NEWER_MAJOR -> withHeaders(new ProducerRecord<>(topic, bytes(key), newer), type.eventName());
        };
    }

    /** The CloudEvents binary-mode headers, as a well-behaved producer writes them. */
    private static ProducerRecord<byte[], byte[]> withHeaders(ProducerRecord<byte[], byte[]> r, String ceType) {
        Headers h = r.headers();
        h.add("ce_id", bytes(UUID.randomUUID().toString()));
        h.add("ce_source", bytes("urn:warmpool:faults"));
        h.add("ce_type", bytes(ceType));
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_time", bytes(Instant.now().toString()));
        h.add("content-type", bytes("application/json"));
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
