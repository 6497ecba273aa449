package io.warmpool.bot.support;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.EventType;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.TopicWatcher;
import io.warmpool.events.Topics;
import io.warmpool.runtime.kafka.KafkaTopics;
import io.warmpool.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** A bot's view of the shared {@link TopicWatcher}: its heartbeats and the sessions it ended, by bot id. */
public final class EventWatcher implements AutoCloseable {
    private final TopicWatcher watcher;

    public EventWatcher(KafkaBroker broker, Topics topics) {
        KafkaTopics.using(broker.admin()).createMissing(topics, KafkaTopics.DEFAULT_PARTITIONS);
        watcher = new TopicWatcher(broker, topics, EventType.BOT_HEARTBEAT, EventType.SESSION_ENDED);
    }

    public List<BotHeartbeat> heartbeats(String botId) {
        return watcher.events(BotHeartbeat.class, h -> h.botId().equals(botId));
    }

    public List<SessionEnded> sessionsEnded(String botId) {
        return watcher.events(SessionEnded.class, s -> s.botId().equals(botId));
    }

    /** The first heartbeat of the bot that matches, waiting for it up to {@code timeout}. */
    public BotHeartbeat awaitHeartbeat(String botId, Predicate<BotHeartbeat> matching, Duration timeout) {
        return watcher.await(BotHeartbeat.class, h -> h.botId().equals(botId) && matching.test(h), timeout);
    }

    public SessionEnded awaitSessionEnded(String botId, Duration timeout) {
        return watcher.await(SessionEnded.class, s -> s.botId().equals(botId), timeout);
    }

    @Override
    public void close() throws InterruptedException {
        watcher.close();
    }
}
