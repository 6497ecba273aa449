package io.warmpool.router.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolStats;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.claim.Claim;
import io.warmpool.router.http.Pages;
import io.warmpool.router.http.PoolBoard;
import io.warmpool.router.openai.OpenAiApi;
import io.warmpool.router.routing.BotClaimer;
import io.warmpool.router.routing.ChatEndpoint;
import io.warmpool.router.routing.ClientAuth;
import io.warmpool.router.routing.RouterMetrics;
import io.warmpool.router.routing.RoutingServices;
import io.warmpool.router.routing.SessionRegistry;
import io.warmpool.runtime.http.OpsRoutes;
import io.warmpool.runtime.kafka.ConsumedEvent;
import io.warmpool.runtime.kafka.EventConsumer;
import io.warmpool.runtime.kafka.EventPublisher;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request router: the HTTP server (chat WebSocket, OpenAI-compatible API, pages, pool API, ops) and
 * its Kafka edges. It reads {@code bot.assigned}, {@code session.rejected}, {@code pool.status} and
 * {@code bot.spawn.failed} in a consumer group of its own, from the latest offset, and keeps only what
 * concerns its sessions; and {@code pool.stats} from the earliest offset, for the last hour of charts.
 * {@link #ready()} completes once that consumer is positioned, so that no
 * answer to a request it publishes can be missed.
 */
public final class RouterVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(RouterVerticle.class);
    /** How often the router tells the allocators of the pools it waits for that it is alive. */
    static final long PRESENCE_INTERVAL_MS = 1_000;

    private final RouterConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry meters = OpsRoutes.newRegistry();
    private final Promise<Void> ready = Promise.promise();
    private EventPublisher publisher;
    private EventConsumer consumer;
    private EventConsumer statsConsumer;
    private HttpServer server;
    private long presenceTimer = -1;

    /** @param clock the time sessions are opened, timed out and ended by */
    public RouterVerticle(RouterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        String clientId = "router-" + config.routerId();
        // The first claim's HMAC loads the JCE provider: cold, with the codec, that held this event
        // loop for seconds on a busy machine, long enough for a claim to expire.
        return vertx.executeBlocking(() -> Claim.sign(config.claimKey(), "warm-up", "warm-up", 0))
                .compose(warm -> EventPublisher.createWarmed(vertx, config.kafka(), clientId,
                        URI.create("/warmpool/router/" + config.routerId())))
                .compose(created -> {
                    publisher = created;
                    return consumeAndListen(clientId);
                });
    }

    private Future<HttpServer> consumeAndListen(String clientId) {
        SessionRegistry registry = new SessionRegistry(config.routerId());
        PoolBoard board = new PoolBoard();
        consumer = EventConsumer.create(vertx, config.kafka(), clientId, clientId, false, publisher,
                List.of(EventType.BOT_ASSIGNED, EventType.SESSION_REJECTED, EventType.POOL_STATUS,
                        EventType.BOT_SPAWN_FAILED),
                consumed -> route(consumed, registry, board)).metrics(meters);
        consumer.onAssigned(partitions -> {
            if (!partitions.isEmpty()) {
                consumer.positioned().onSuccess(v -> ready.tryComplete());
            }
        });
        // A group of its own at every start, so that the charts get their history back.
        statsConsumer = EventConsumer.create(vertx, config.kafka(), clientId + "-stats",
                clientId + "-stats-" + UUID.randomUUID(), true, publisher, List.of(EventType.POOL_STATS),
                consumed -> {
                    board.update((PoolStats) consumed.event());
                    return Future.succeededFuture();
                });
        RoutingServices services = new RoutingServices(vertx, config.routerId(), config.sessionDeadline().toMillis(),
                config.limits(), publisher, registry, claimer(), new RouterMetrics(meters), clock::millis);
        presenceTimer = vertx.setPeriodic(PRESENCE_INTERVAL_MS, t -> announce(registry));
        Router router = Router.router(vertx);
        ClientAuth auth = auth();
        router.get("/chat").handler(new ChatEndpoint(services, auth));
        OpenAiApi.mount(router, services, auth, board::pools);
        board.mount(vertx, router);
        new OpsRoutes(meters, this::readiness).mount(router);
        Pages.mount(router);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setMaxWebSocketFrameSize(config.limits().maxFrameBytes())
                .setMaxWebSocketMessageSize(config.limits().maxFrameBytes()));
        return consumer.start()
                .compose(v -> statsConsumer.start())
                .compose(v -> server.requestHandler(router).listen(config.httpPort()))
                .onSuccess(s -> LOG.info("router {} listening on {} ({})", config.routerId(), s.actualPort(), config));
    }

    private void announce(SessionRegistry registry) {
        for (var heartbeat : registry.presence(PRESENCE_INTERVAL_MS, System.currentTimeMillis())) {
            publisher.publish(heartbeat).onFailure(e -> LOG.warn("router.heartbeat for pool {} not published: {}",
                    heartbeat.pool(), e.toString()));
        }
    }

    private Future<?> route(ConsumedEvent consumed, SessionRegistry registry, PoolBoard board) {
        if (consumed.event() instanceof PoolStatus status) {
            board.update(status);
        } else if (consumed.event() instanceof BotSpawnFailed failure) {
            board.spawnFailed(failure);
        } else {
            return registry.dispatch(consumed.event(), clock.millis()).<Future<?>>map(handBack ->
                    publisher.publish(handBack).onFailure(e -> LOG.warn("session.withdrawn of {} (its bot back) not"
                            + " published: {}", handBack.sessionId(), e.toString()))).orElse(Future.succeededFuture());
        }
        return Future.succeededFuture();
    }

    private BotClaimer claimer() {
        // Bot frames are relayed as they are, so the router accepts what it lets clients send and more.
        int maxBotMessage = Math.max(1024 * 1024, config.limits().maxMessageBytes());
        return new BotClaimer(vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(maxBotMessage)
                .setMaxMessageSize(maxBotMessage)
                .setMaxConnections(Math.max(100, config.limits().maxSessions()))),
                config.claimKey(), config.claimTimeout().toMillis());
    }

    private ClientAuth auth() {
        if (config.jwtPublicKey().isPresent()) {
            return ClientAuth.jwt(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                    .setAlgorithm(config.jwtAlgorithm()).setBuffer(config.jwtPublicKey().get()))));
        }
        return config.apiKeys().isEmpty() ? ClientAuth.open() : ClientAuth.apiKeys(config.apiKeys());
    }

    private Future<Void> readiness() {
        return ready.future().isComplete()
                ? consumer.health().compose(v -> publisher.ping())
                : Future.failedFuture("waiting for the answer topics' partitions");
    }

    /** Completes when the router can serve: its consumer holds and has positioned its partitions. */
    public Future<Void> ready() {
        return ready.future();
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    public String routerId() {
        return config.routerId();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(presenceTimer);
        return Future.join(consumer.stop(), statsConsumer.stop(), server.close()).transform(x -> publisher.close());
    }
}
