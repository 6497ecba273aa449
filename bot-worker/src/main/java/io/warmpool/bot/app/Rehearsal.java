package io.warmpool.bot.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.warmpool.bot.engine.RulesEngine;
import io.warmpool.bot.http.ChatSocket;
import io.warmpool.bot.metrics.BotMetrics;
import io.warmpool.bot.session.ClaimOutcome;
import io.warmpool.bot.session.Lifecycle;
import io.warmpool.events.claim.Claim;
import io.warmpool.runtime.http.OpsRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Chats a bot holds with itself before its first heartbeat, so that its first user meets loaded,
 * compiled code rather than paying for it: a process bot's first claim took 0.6 s and 120 ms of CPU,
 * its fifth 6 ms (docs/BENCHMARKS.md). Done before the first heartbeat, it is part of the start the
 * provisioner's spawn limit bounds, at the bots' lower priority, not of a session.
 * <p>
 * Each chat takes a real session's path: a claim signed with the bot's own key and checked by a
 * {@link Lifecycle}, the WebSocket upgrade, {@link ChatSocket}, an engine's streamed reply and the
 * {@code ended} frame. It runs over loopback on a server, lifecycle and metrics of its own, so
 * nothing of it is published or counted, and always with the rules engine: a rehearsal must not call
 * a paid model.
 */
final class Rehearsal {
    private static final Duration CHAT_TIMEOUT = Duration.ofSeconds(10);
    private static final String MESSAGE = new JsonObject().put("type", "message").put("text", "Hello, are you warm?")
            .encode();
    private static final String END = new JsonObject().put("type", "end").encode();

    private final Vertx vertx;
    private final BotConfig config;
    private final Clock clock;
    private final Lifecycle stage;
    private final BotMetrics metrics;
    private final RulesEngine engine;

    private Rehearsal(Vertx vertx, BotConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.stage = new Lifecycle(config.botId(), config.claimKeys(), true);
        stage.warmedUp();
        this.metrics = new BotMetrics(OpsRoutes.newRegistry(), stage::state);
        this.engine = new RulesEngine(vertx, Duration.ofMillis(1)); // the timer path of a real token delay
    }

    /**
     * Holds {@code chats} chats one after the other; fails with the first that does not end as a real
     * one would. The caller decides whether a bot that could not rehearse may still serve.
     */
    static Future<Void> run(Vertx vertx, BotConfig config, HttpServerOptions options, Clock clock, int chats) {
        if (chats == 0) {
            return Future.succeededFuture();
        }
        Rehearsal r = new Rehearsal(vertx, config, clock);
        WebSocketClient client = vertx.createWebSocketClient();
        return vertx.createHttpServer(options)
                .requestHandler(ChatPath.or(r::onClaim, request -> request.response().setStatusCode(404).end()))
                .listen(0, "127.0.0.1")
                .compose(server -> r.chats(client, server.actualPort(), chats).eventually(server::close))
                .eventually(client::close);
    }

    private Future<Void> chats(WebSocketClient client, int port, int left) {
        return left == 0 ? Future.succeededFuture() : chat(client, port).compose(v -> chats(client, port, left - 1));
    }

    private Future<Void> chat(WebSocketClient client, int port) {
        Claim claim = Claim.sign(config.claimKeys().current(), "rehearsal-" + UUID.randomUUID(), config.botId(),
                clock.millis() + CHAT_TIMEOUT.toMillis());
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI(ChatPath.PATH).addHeader(Claim.HEADER, claim.token());
        Promise<Void> ended = Promise.promise();
        client.connect(options).onFailure(ended::tryFail).onSuccess(socket -> {
            socket.textMessageHandler(text -> {
                switch (new JsonObject(text).getString("type", "")) {
                    case "reply" -> socket.writeTextMessage(END);
                    case "ended" -> ended.tryComplete();
                    case "token" -> { }
                    default -> ended.tryFail("the bot answered its own rehearsal with " + text);
                }
            });
            socket.closeHandler(v -> ended.tryFail("the socket closed before the chat ended"));
            socket.writeTextMessage(MESSAGE);
        });
        return ended.future().timeout(CHAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onClaim(HttpServerRequest request) {
        if (stage.claim(request.getHeader(Claim.HEADER), clock.millis()).outcome() != ClaimOutcome.ACCEPTED) {
            request.response().setStatusCode(409).end();
            return;
        }
        request.toWebSocket().onSuccess(socket -> new ChatSocket(vertx, socket, engine, metrics,
                config.chatLimits(), ChatSocket.Listener.of(stage::messageReceived,
                        reason -> stage.endSession(reason, clock.millis()))).start());
    }
}
