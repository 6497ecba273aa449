package io.warmpool.events;

import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Test support for every module: reads some topics of one prefix from the start, in the
 * background, and waits for events that match. Shared through this module's test-jar.
 */
public final class TopicWatcher implements AutoCloseable {
    private final List<WarmpoolEvent> events = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public TopicWatcher(KafkaBroker broker, Topics topics, EventType... types) {
        EventCodec codec = new EventCodec(topics, URI.create("/warmpool/test-watcher"));
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(broker.consumerConfig("watcher-" + UUID.randomUUID()));
        consumer.subscribe(Arrays.stream(types).map(topics::of).toList());
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        events.add(codec.decode(r.topic(), r.headers(), r.value()));
                    }
                }
            }
        }, "topic-watcher");
        poller.setDaemon(true);
        poller.start();
    }

    public <T extends WarmpoolEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends WarmpoolEvent> List<T> events(Class<T> type, Predicate<T> matching) {
        return events(type).stream().filter(matching).toList();
    }

    /** The first event of that type that matches, waiting for it up to {@code timeout}. */
    public <T extends WarmpoolEvent> T await(Class<T> type, Predicate<T> matching, Duration timeout) {
        return awaitCount(type, matching, 1, timeout).get(0);
    }

    /** At least {@code count} matching events, waiting up to {@code timeout}. */
    public <T extends WarmpoolEvent> List<T> awaitCount(Class<T> type, Predicate<T> matching, int count,
                                                        Duration timeout) {
        return Await.until(() -> {
            List<T> found = events(type, matching);
            return found.size() >= count ? java.util.Optional.of(found) : java.util.Optional.empty();
        }, timeout, () -> "fewer than " + count + " matching " + type.getSimpleName() + " within " + timeout
                + "; seen: " + events(type));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}
