package io.warmpool.bot.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.warmpool.bot.engine.ChatEngine;
import io.warmpool.bot.engine.OpenAiEngine;
import io.warmpool.bot.engine.RulesEngine;
import io.warmpool.bot.heartbeat.Heartbeats;
import io.warmpool.bot.http.ChatSocket;
import io.warmpool.bot.metrics.BotMetrics;
import io.warmpool.bot.session.ClaimDecision;
import io.warmpool.bot.session.Lifecycle;
import io.warmpool.bot.session.Session;
import io.warmpool.bot.session.SessionSummary;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.runtime.http.OpsRoutes;
import io.warmpool.runtime.kafka.EventPublisher;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot: binds its HTTP server, heartbeats (STARTING at once, then every interval and on every state
 * change), warms its engine up, serves one claimed session at a time on {@code /chat}, and retires or
 * drains through {@link ExitHook} rather than ending the JVM itself, so that tests can embed it.
 */
public final class BotVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(BotVerticle.class);
    private static final String REPORTED_BY = "bot";
    // The last heartbeat should reach Kafka, but a bot whose broker is gone must still be able to exit.
    private static final long LAST_WORDS_TIMEOUT_MS = 5_000;

    private final BotConfig config;
    private final ExitHook exitHook;
    private final Clock clock;
    private final Promise<Void> exited = Promise.promise();
    private Lifecycle lifecycle;
    private Heartbeats heartbeats;
    private EventPublisher publisher;
    private ChatEngine engine;
    private BotMetrics metrics;
    private HttpServer server;
    private Endpoint endpoint;
    private ChatSocket chat;
    private long heartbeatTimer = -1;
    private boolean exiting;

    /** @param clock the time of heartbeats, claims and session ends */
    public BotVerticle(BotConfig config, ExitHook exitHook, Clock clock) {
        this.config = config;
        this.exitHook = exitHook;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        lifecycle = new Lifecycle(config.botId(), config.claimKeys(), config.reuse());
        heartbeats = new Heartbeats(config.botId(), config.pool(), config.provisionId(), config.pod(), now());
        engine = config.engine() == EngineKind.OPENAI
                ? new OpenAiEngine(vertx, config.openai())
                : new RulesEngine(vertx, config.tokenDelay());
        OpsRoutes ops = new OpsRoutes(OpsRoutes.newRegistry(), this::readiness);
        metrics = new BotMetrics(ops.registry(), lifecycle::state);
        Router router = ops.mount(Router.router(vertx));
        // The transport drops larger messages without a close frame; up to this cap ChatSocket answers 1009.
        int transportCap = config.maxMessageBytes() * 4;
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(transportCap)
                .setMaxWebSocketMessageSize(transportCap);
        return EventPublisher.create(vertx, config.kafka(), "warmpool-bot-" + config.botId(),
                        new EventCodec(config.kafka().topics(), URI.create("warmpool:bot/" + config.botId())))
                .compose(created -> {
                    publisher = created;
                    return vertx.createHttpServer(options).requestHandler(ChatPath.or(this::onClaim, router))
                            .listen(config.port(), bindHost(config.host()));
                })
                .compose(bound -> rehearse(options).map(bound))
                .onSuccess(this::announce)
                .onSuccess(s -> warmUp());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(heartbeatTimer);
        return publisher.close();
    }

    /**
     * SIGTERM: no more claims; a reply in progress finishes (bounded by the drain timeout), the session
     * ends with {@code bot_shutdown}, EXITING is published and the exit hook runs. Callable from any thread;
     * completes when the bot has exited.
     */
    public Future<Void> shutdown() {
        context.runOnContext(v -> {
            lifecycle.shutdown();
            if (lifecycle.session().isEmpty()) {
                retire(0);
            } else if (chat != null) {
                chat.drain(config.drainTimeout());
            }
            // Else the claimed socket is still opening: serve() drains it as soon as it is open.
        });
        return exited.future();
    }

    /**
     * The interface to listen on: the advertised one when it is an address or {@code localhost} (a
     * bot that advertises 127.0.0.1 is not reachable from elsewhere, and must not be); every
     * interface when it advertises a DNS name, which may resolve differently inside and outside.
     */
    static String bindHost(String advertised) {
        boolean literal = advertised.equalsIgnoreCase("localhost") || advertised.contains(":")
                || advertised.matches("[0-9.]+");
        return literal ? advertised : "0.0.0.0";
    }

    /** A bot that could not rehearse still serves: its first user pays what the rehearsal would have. */
    private Future<Void> rehearse(HttpServerOptions options) {
        long started = System.nanoTime();
        return Rehearsal.run(vertx, config, options, clock, config.rehearsals())
                .onSuccess(v -> LOG.info("bot {} rehearsed {} chat(s) in {} ms", config.botId(), config.rehearsals(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)))
                .recover(e -> {
                    LOG.warn("bot {} could not rehearse, it serves cold: {}", config.botId(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private void announce(HttpServer bound) {
        server = bound;
        endpoint = new Endpoint(config.host(), bound.actualPort());
        LOG.info("bot {} of pool {} listening at {}, warming up for {} ms", config.botId(), config.pool(), endpoint,
                config.warmup().toMillis());
        heartbeat();
        heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> heartbeat());
    }

    private void warmUp() {
        Future<Void> waited = config.warmup().isZero()
                ? Future.succeededFuture()
                : vertx.timer(config.warmup().toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
        waited.compose(v -> engine.warmUp())
                .onSuccess(v -> {
                    if (lifecycle.warmedUp()) {
                        LOG.info("bot {} READY", config.botId());
                        heartbeat();
                    }
                })
                .onFailure(e -> {
                    LOG.error("bot {} could not warm up its engine: {}", config.botId(), e.getMessage());
                    lifecycle.shutdown();
                    retire(1);
                });
    }

    private void onClaim(HttpServerRequest request) {
        if (!request.canUpgradeToWebSocket()) {
            request.response().setStatusCode(400).end("a WebSocket upgrade is expected");
            return;
        }
        ClaimDecision decision = lifecycle.claim(request.getHeader(Claim.HEADER), now());
        switch (decision.outcome()) {
            case UNAUTHORIZED -> {
                LOG.info("claim refused (401): {}", decision.reason());
                request.response().setStatusCode(401).end();
            }
            case CONFLICT -> {
                LOG.info("claim refused (409): {}", decision.reason());
                request.response().setStatusCode(409).end();
            }
            case ACCEPTED -> {
                LOG.info("bot {} claimed for session {}", config.botId(), decision.sessionId());
                heartbeat();
                request.toWebSocket()
                        .onSuccess(this::serve)
                        .onFailure(e -> sessionEnded(EndReason.CLIENT_GONE));
            }
        }
    }

    private void serve(ServerWebSocket socket) {
        chat = new ChatSocket(vertx, socket, engine, metrics, config.chatLimits(),
                ChatSocket.Listener.of(lifecycle::messageReceived, this::sessionEnded));
        chat.start();
        if (lifecycle.draining()) {
            chat.drain(config.drainTimeout());
        }
    }

    private void sessionEnded(EndReason reason) {
        chat = null;
        lifecycle.endSession(reason, now()).ifPresent(this::report);
    }

    private void report(SessionSummary ended) {
        LOG.info("session {} ended ({}) after {} messages", ended.sessionId(), ended.reason().wire(), ended.messages());
        Future<?> published = publisher.publish(SessionEnded.of(ended.sessionId(), config.botId(), config.pool(),
                        ended.reason(), REPORTED_BY, ended.durationMs(), ended.messages(), now()))
                .onFailure(e -> LOG.warn("session.ended for {} not published: {}", ended.sessionId(), e.getMessage()));
        if (ended.next() == BotState.EXITING) {
            published.eventually(() -> retire(0));
        } else {
            heartbeat();
        }
    }

    private Future<?> heartbeat() {
        String sessionId = lifecycle.session().map(Session::sessionId).orElse(null);
        return publisher.publish(heartbeats.next(lifecycle.state(), endpoint, sessionId, now()))
                .onFailure(e -> LOG.warn("heartbeat not published: {}", e.getMessage()));
    }

    private Future<Void> retire(int status) {
        if (exiting) {
            return exited.future();
        }
        exiting = true;
        vertx.cancelTimer(heartbeatTimer);
        heartbeat().timeout(LAST_WORDS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .eventually(() -> server == null ? Future.succeededFuture() : server.close())
                .onComplete(v -> {
                    LOG.info("bot {} EXITING (status {})", config.botId(), status);
                    exited.complete();
                    exitHook.exited(status);
                });
        return exited.future();
    }

    private Future<Void> readiness() {
        BotState state = lifecycle.state();
        return state == BotState.READY || state == BotState.BUSY
                ? Future.succeededFuture()
                : Future.failedFuture("bot is " + state);
    }

    private long now() {
        return clock.millis();
    }
}
