package io.warmpool.bot.app;

import io.vertx.core.Vertx;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot process ({@code java -jar warmpool-bot-worker.jar}): configuration from the environment, one
 * {@link BotVerticle}; the JVM ends with status 0 when the bot retires, and SIGTERM drains it first.
 */
public final class BotMain {
    private static final Logger LOG = LoggerFactory.getLogger(BotMain.class);
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private BotMain() {
    }

    public static void main(String[] args) {
        BotConfig config;
        try {
            config = BotConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("warmpool bot-worker cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch exited = new CountDownLatch(1);
        BotVerticle bot = new BotVerticle(config, status -> {
            exited.countDown();
            if (!signalled.get()) {
                // Not on the event loop: System.exit waits for the shutdown hooks, and those must not wait for it.
                new Thread(() -> exit(vertx, status), "bot-exit").start();
            }
        }, Clock.systemUTC());
        vertx.deployVerticle(bot)
                .onSuccess(id -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    signalled.set(true);
                    drain(bot, exited, config);
                    close(vertx);
                }, "bot-drain")))
                .onFailure(e -> {
                    LOG.error("bot {} failed to start: {}", config.botId(), e.getMessage(), e);
                    new Thread(() -> exit(vertx, 1), "bot-exit").start();
                });
    }

    // Runs in the JVM's shutdown hook (SIGTERM, or System.exit after a retire, when there is nothing left to do).
    private static void drain(BotVerticle bot, CountDownLatch exited, BotConfig config) {
        if (exited.getCount() == 0) {
            return;
        }
        LOG.info("bot {} asked to stop: draining", config.botId());
        bot.shutdown();
        try {
            if (!exited.await(config.drainTimeout().toMillis() + 2 * CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("bot {} did not finish draining in time", config.botId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void exit(Vertx vertx, int status) {
        close(vertx);
        System.exit(status);
    }

    private static void close(Vertx vertx) {
        try {
            vertx.close().await(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
