package io.warmpool.router.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.warmpool.bot.app.BotConfig;
import io.warmpool.bot.app.BotVerticle;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.TopicWatcher;
import io.warmpool.events.Topics;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.poolmanager.app.AllocatorVerticle;
import io.warmpool.poolmanager.app.PoolManagerConfig;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.EventPublisher;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.runtime.kafka.KafkaTopics;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole warmpool inside the test JVM, on the in-process broker: real allocator, real bots
 * ({@code rules} engine, no warm-up) and real routers as verticles, under a topic prefix of the test's own.
 */
final class Stack implements AutoCloseable {
    static final String CLAIM_KEY = "router-it-claim-key-0123456789";
    static final String HEARTBEAT_MS = "200";
    private static final long DEPLOY_SECONDS = 60;

    final Vertx vertx;
    final WebSocketClient clients;
    final KafkaBroker broker;
    final Topics topics;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private volatile Thread provisioner;
    private EventPublisher publisher;

    /** One bot verticle; {@code exited} completes when it retires on its own. */
    record Bot(String botId, String deploymentId, BotVerticle verticle) {
    }

    /** @param vertx the test's (VertxExtension closes it); {@link #close()} undeploys what the stack deployed */
    Stack(KafkaBroker broker, String prefix, Vertx vertx) {
        this.vertx = vertx;
        this.clients = ChatClient.newClient(vertx);
        this.broker = broker;
        this.topics = new Topics(prefix);
        KafkaTopics.using(broker.admin()).createMissing(topics, KafkaTopics.DEFAULT_PARTITIONS);
    }

    Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.BOOTSTRAP, broker.bootstrapServers());
        env.put(KafkaSettings.TOPIC_PREFIX, topics.prefix());
        env.put("WARMPOOL_CLAIM_KEY", CLAIM_KEY);
        env.put("WARMPOOL_HEARTBEAT_MS", HEARTBEAT_MS);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    /** The allocator for {@code pools} (WARMPOOL_POOLS syntax), ready to assign. */
    AllocatorVerticle allocator(String pools, String... pairs) {
        Map<String, String> env = env(pairs);
        env.put("WARMPOOL_POOLS", pools);
        env.put("WARMPOOL_ALLOCATOR_GROUP", topics.prefix() + "allocator");
        env.put("WARMPOOL_HTTP_PORT", "0");
        AllocatorVerticle allocator = new AllocatorVerticle(PoolManagerConfig.from(Env.of(env)), Clock.systemUTC(),
                new SimpleMeterRegistry());
        await(vertx.deployVerticle(allocator));
        Await.until("the allocator's partitions", Duration.ofSeconds(30), () -> succeeded(allocator.ready()));
        return allocator;
    }

    /** A router on a free port, once its consumer is positioned. */
    RouterVerticle router(String... pairs) {
        Map<String, String> env = env(RouterConfig.HTTP_PORT, "0");
        env.putAll(env(pairs));
        RouterVerticle router = new RouterVerticle(RouterConfig.from(Env.of(env)), Clock.systemUTC());
        await(vertx.deployVerticle(router));
        await(router.ready());
        return router;
    }

    /** A bot of pool {@code default} that heartbeats READY at once; it undeploys itself when it retires. */
    Bot bot(boolean reuse, String... pairs) {
        String botId = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env(BotConfig.BOT_ID, botId, BotConfig.HOST, "localhost", BotConfig.PORT, "0",
                BotConfig.WARMUP_MS, "0", BotConfig.TOKEN_DELAY_MS, "0", BotConfig.REUSE, String.valueOf(reuse));
        env.putAll(env(pairs));
        String[] deployment = new String[1];
        BotVerticle verticle = new BotVerticle(BotConfig.from(Env.of(env)), status -> {
            if (deployment[0] != null) {
                vertx.undeploy(deployment[0]);
            }
        }, Clock.systemUTC());
        deployment[0] = await(vertx.deployVerticle(verticle));
        return new Bot(botId, deployment[0], verticle);
    }

    List<Bot> bots(int n, boolean reuse) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> bot(reuse)).toList();
    }

    /** Kills a bot the hard way: its verticle, server and sockets go at once, without a last word. */
    void kill(Bot bot) {
        await(vertx.undeploy(bot.deploymentId()));
    }

    /**
     * Stands in for the provisioner (not part of these tests): every new {@code pool.deficit} of
     * {@code pool} the tap sees gets exactly {@code missing} new bots.
     */
    void provisionFrom(TopicWatcher tap, String pool, boolean reuse) {
        provisioner = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (PoolDeficit d : tap.events(PoolDeficit.class)) {
                    if (d.pool().equals(pool) && provisioned.add(d.provisionId())) {
                        for (int i = 0; i < d.missing(); i++) {
                            bot(reuse, BotConfig.PROVISION_ID, d.provisionId(), BotConfig.POOL, d.pool());
                        }
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-provisioner");
        provisioner.setDaemon(true);
        provisioner.start();
    }

    ChatClient chat(RouterVerticle router, String uri) {
        return ChatClient.open(clients, router.port(), uri);
    }

    /** Publishes an event as if another service had, e.g. an allocator's stale double assignment. */
    void publish(io.warmpool.events.WarmpoolEvent event) {
        if (publisher == null) {
            publisher = await(EventPublisher.create(vertx, KafkaSettings.of(broker.bootstrapServers(), topics), "test",
                    new EventCodec(topics, java.net.URI.create("/test"))));
        }
        await(publisher.publish(event));
    }

    private static boolean succeeded(io.vertx.core.Future<?> future) {
        try {
            future.await(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(DEPLOY_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    @Override
    public void close() {
        if (provisioner != null) {
            provisioner.interrupt();
        }
        try {
            // Bots drain and routers stop in order here; Vert.x itself is closed by the test's extension.
            // A bot that retired on its own may be undeploying itself meanwhile (IllegalStateException): gone is
            // what is wanted.
            Future.join(vertx.deploymentIDs().stream().map(id -> vertx.undeploy(id)
                    .recover(e -> e instanceof IllegalStateException ? Future.succeededFuture()
                            : Future.failedFuture(e))).toList()).await(3, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("the stack did not stop: " + e, e);
        }
    }
}
