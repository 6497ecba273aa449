package io.warmpool.bot.support;

import io.warmpool.events.Topics;
import io.warmpool.testkit.KafkaBrokerExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every bot integration test class shares besides its Vert.x (from VertxExtension): a
 * watcher of its own topic prefix's heartbeats and session ends. Register it after
 * {@code @WithKafka}, which starts the broker.
 */
public final class BotWorld implements BeforeAllCallback, AfterAllCallback {
    private final Topics topics;
    private EventWatcher watcher;

    public BotWorld(String topicPrefix) {
        this.topics = new Topics(topicPrefix);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        watcher = new EventWatcher(KafkaBrokerExtension.broker(), topics);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        watcher.close();
    }

    public Topics topics() {
        return topics;
    }

    public EventWatcher watcher() {
        return watcher;
    }
}
