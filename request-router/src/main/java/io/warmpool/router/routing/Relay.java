package io.warmpool.router.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;

/**
 * Moves frames between a client and its bot with backpressure both ways: when the client's write
 * queue is full the bot's socket is paused (the bot then feels TCP backpressure), and the other way
 * round. A client that leaves the bot's output unread for longer than {@code slowClientMs} ends the
 * session, so the router never buffers without bound.
 */
final class Relay {
    private final Vertx vertx;
    private final WebSocketBase client;
    private final WebSocketBase bot;
    private final long slowClientMs;
    private final Runnable onSlowClient;
    private long slowTimer = -1;

    Relay(Vertx vertx, WebSocketBase client, WebSocketBase bot, long slowClientMs, Runnable onSlowClient) {
        this.vertx = vertx;
        this.client = client;
        this.bot = bot;
        this.slowClientMs = slowClientMs;
        this.onSlowClient = onSlowClient;
        client.drainHandler(v -> {
            cancelSlowTimer();
            bot.resume();
        });
        bot.drainHandler(v -> client.resume());
    }

    void toClient(String frame) {
        if (client.isClosed()) {
            return;
        }
        client.writeTextMessage(frame);
        if (client.writeQueueFull() && slowTimer < 0) {
            bot.pause();
            slowTimer = vertx.setTimer(slowClientMs, t -> {
                slowTimer = -1;
                onSlowClient.run();
            });
        }
    }

    void toBot(String frame) {
        if (bot.isClosed()) {
            return;
        }
        bot.writeTextMessage(frame);
        if (bot.writeQueueFull()) {
            client.pause();
        }
    }

    void stop() {
        cancelSlowTimer();
    }

    private void cancelSlowTimer() {
        if (slowTimer >= 0) {
            vertx.cancelTimer(slowTimer);
            slowTimer = -1;
        }
    }
}
