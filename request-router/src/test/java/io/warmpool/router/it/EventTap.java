package io.warmpool.router.it;

import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads warmpool topics from the beginning on a thread of its own and keeps every decoded event. */
final class EventTap implements AutoCloseable {
    private final List<WarmpoolEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventTap(KafkaBroker broker, Topics topics, EventType... types) {
        EventCodec codec = new EventCodec(topics, URI.create("/test/tap"));
        Map<String, Object> config = broker.consumerConfig("tap-" + UUID.randomUUID());
        List<String> names = Arrays.stream(types).map(topics::of).toList();
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(names);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        events.add(codec.decode(r.topic(), r.headers(), r.value()));
                    }
                }
            }
        }, "event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    <T extends WarmpoolEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends WarmpoolEvent> T await(Class<T> type, Duration timeout, Predicate<T> match) {
        Await.until("a " + type.getSimpleName() + " that matches", timeout,
                () -> all(type).stream().anyMatch(match));
        return all(type).stream().filter(match).findFirst().orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
