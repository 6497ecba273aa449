package io.warmpool.runtime.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import io.warmpool.events.EventType;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.events.codec.EncodedEvent;
import io.warmpool.events.codec.EventCodec;
import java.net.URI;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Publishes events (and dead letters) with one shared, idempotent producer per process and client id. */
public final class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec;

    private EventPublisher(KafkaProducer<String, byte[]> producer, EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    /**
     * Builds the producer on a worker thread: the Kafka constructor resolves the bootstrap hosts and
     * loads classes, too slow for an event loop. {@code executeBlocking} keeps the caller's context
     * current, so the producer still binds to it (its callbacks run there, and it closes with it).
     * Fails with Kafka's own message for a bad setting.
     */
    public static Future<EventPublisher> create(Vertx vertx, KafkaSettings settings, String clientId,
                                                EventCodec codec) {
        return create(vertx, settings, clientId, () -> codec);
    }

    /**
     * A publisher for a service that also consumes, with a codec of {@code source} built and warmed
     * ({@link EventCodec#warmedUp()}) on the same worker as the producer: cold, decoding held a
     * service's event loop for seconds on a busy machine.
     */
    public static Future<EventPublisher> createWarmed(Vertx vertx, KafkaSettings settings, String clientId,
                                                      URI source) {
        return create(vertx, settings, clientId, () -> new EventCodec(settings.topics(), source).warmedUp());
    }

    /** The codec first: a codec that fails leaves no shared producer behind. */
    private static Future<EventPublisher> create(Vertx vertx, KafkaSettings settings, String clientId,
                                                 Supplier<EventCodec> codec) {
        return vertx.executeBlocking(() -> {
            EventCodec built = codec.get();
            return new EventPublisher(KafkaProducer.createShared(vertx, clientId, settings.producer(clientId)), built);
        });
    }

    public EventCodec codec() {
        return codec;
    }

    /** Completes when the broker has acknowledged the event (acks=all). */
    public Future<RecordMetadata> publish(WarmpoolEvent event) {
        EncodedEvent encoded = codec.encode(event);
        KafkaProducerRecord<String, byte[]> record =
                KafkaProducerRecord.create(encoded.topic(), encoded.key(), encoded.payload());
        for (Header h : encoded.headers()) {
            record.addHeader(h.key(), Buffer.buffer(h.value()));
        }
        return producer.send(record);
    }

    public Future<RecordMetadata> deadLetter(DeadLetter letter) {
        ProducerRecord<byte[], byte[]> native_ = letter.toRecord(codec.topics());
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(native_.topic(),
                native_.key() == null ? null : new String(native_.key(), java.nio.charset.StandardCharsets.UTF_8),
                native_.value());
        for (Header h : native_.headers()) {
            record.addHeader(h.key(), Buffer.buffer(h.value()));
        }
        return producer.send(record);
    }

    /** Succeeds when the cluster answers this producer: the readiness probe. */
    public Future<Void> ping() {
        return producer.partitionsFor(codec.topics().of(EventType.BOT_HEARTBEAT)).mapEmpty();
    }

    /** How many partitions the topic of {@code type} has: tells a keyed consumer which keys its partitions hold. */
    public Future<Integer> partitionCount(EventType type) {
        return producer.partitionsFor(codec.topics().of(type)).map(java.util.List::size);
    }

    public Future<Void> close() {
        return producer.close();
    }
}
