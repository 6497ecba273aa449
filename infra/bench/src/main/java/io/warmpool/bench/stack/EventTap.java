package io.warmpool.bench.stack;

import io.warmpool.events.EventType;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads some topics of an installation from their end, on a thread of its own, and keeps every
 * event with the wall-clock time it was read: the harness's view of what the services say.
 */
public final class EventTap implements AutoCloseable {
    /** An event and when the tap read it (epoch millis). */
    public record Seen(WarmpoolEvent event, long readAt) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventTap(Installation installation, EventType... types) {
        EventCodec codec = new EventCodec(installation.topics(), URI.create("urn:warmpool:bench"));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", installation.bootstrap(),
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName(),
                "fetch.max.wait.ms", "10"));
        List<TopicPartition> partitions = Stream.of(types).map(t -> installation.topics().of(t))
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // positioned now: nothing published after this is missed
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        seen.add(new Seen(codec.decode(r.topic(), r.headers(), r.value()),
                                System.currentTimeMillis()));
                    }
                }
            }
        }, "bench-event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    /** The events of {@code type} read at or after {@code since} (epoch millis), in reading order. */
    public <T extends WarmpoolEvent> List<T> since(Class<T> type, long since) {
        return seen.stream().filter(s -> s.readAt() >= since && type.isInstance(s.event()))
                .map(s -> type.cast(s.event())).toList();
    }

    public List<Seen> all() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
