package io.warmpool.bot.support;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.EventType;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the heartbeat and session.ended topics of one topic prefix from the start, in the background. */
public final class EventWatcher implements AutoCloseable {
    private final List<WarmpoolEvent> events = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public EventWatcher(KafkaBroker broker, Topics topics) {
        broker.createTopics(4, topics.all().toArray(String[]::new));
        EventCodec codec = new EventCodec(topics, URI.create("test:watcher"));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.consumerConfig("watcher-" + UUID.randomUUID()));
        consumer.subscribe(List.of(topics.of(EventType.BOT_HEARTBEAT), topics.of(EventType.SESSION_ENDED)));
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        events.add(codec.decode(r.topic(), r.headers(), r.value()));
                    }
                }
            }
        }, "event-watcher");
        poller.setDaemon(true);
        poller.start();
    }

    public List<BotHeartbeat> heartbeats(String botId) {
        return events.stream().filter(e -> e instanceof BotHeartbeat h && h.botId().equals(botId))
                .map(BotHeartbeat.class::cast).toList();
    }

    public List<SessionEnded> sessionsEnded(String botId) {
        return events.stream().filter(e -> e instanceof SessionEnded s && s.botId().equals(botId))
                .map(SessionEnded.class::cast).toList();
    }

    /** The first heartbeat of the bot that matches, waiting for it up to {@code timeout}. */
    public BotHeartbeat awaitHeartbeat(String botId, Predicate<BotHeartbeat> matching, Duration timeout) {
        return Await.until(() -> heartbeats(botId).stream().filter(matching).findFirst(), timeout,
                () -> "no matching heartbeat of " + botId + " among " + heartbeats(botId));
    }

    public SessionEnded awaitSessionEnded(String botId, Duration timeout) {
        return Await.until(() -> sessionsEnded(botId).stream().findFirst(), timeout,
                () -> "no session.ended from " + botId);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}
