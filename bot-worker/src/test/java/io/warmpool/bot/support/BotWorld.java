package io.warmpool.bot.support;

import io.vertx.core.Vertx;
import io.warmpool.events.Topics;
import io.warmpool.testkit.KafkaBrokerExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every bot integration test class shares: one Vert.x and a watcher of its own topic
 * prefix's heartbeats and session ends. Register it after {@code @WithKafka}, which starts the broker.
 */
public final class BotWorld implements BeforeAllCallback, AfterAllCallback {
    private final Topics topics;
    private Vertx vertx;
    private EventWatcher watcher;

    public BotWorld(String topicPrefix) {
        this.topics = new Topics(topicPrefix);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
        watcher = new EventWatcher(KafkaBrokerExtension.broker(), topics);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        watcher.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    public Topics topics() {
        return topics;
    }

    public Vertx vertx() {
        return vertx;
    }

    public EventWatcher watcher() {
        return watcher;
    }
}
