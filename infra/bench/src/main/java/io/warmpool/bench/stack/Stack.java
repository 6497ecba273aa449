package io.warmpool.bench.stack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.bench.load.BotAddress;
import io.warmpool.bot.app.BotConfig;
import io.warmpool.bot.app.BotVerticle;
import io.warmpool.poolmanager.app.PoolManagerMain;
import io.warmpool.poolmanager.app.PoolManagerSetup;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.runtime.config.Env;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The services of one installation as verticles on one Vert.x of their own (the clients get
 * another): the pool manager as its main deploys it, bots in this JVM, and routers.
 */
public final class Stack implements AutoCloseable {
    private static final Duration DEPLOY = Duration.ofSeconds(60);

    private final Vertx vertx = Vertx.vertx();
    private final Installation installation;
    private PoolManagerHttp poolManager;

    public Stack(Installation installation) {
        this.installation = installation;
    }

    /** The pool manager with {@code roles} and {@code pools} (WARMPOOL_POOLS syntax), once it is ready. */
    public void poolManager(String roles, String pools, String... pairs) {
        Map<String, String> env = installation.env(pairs);
        env.put("WARMPOOL_ROLES", roles);
        env.put("WARMPOOL_POOLS", pools);
        env.put("WARMPOOL_HTTP_PORT", "0");
        env.put("WARMPOOL_ALLOCATOR_GROUP", installation.topics().prefix() + "allocator");
        int port = await(PoolManagerMain.deploy(vertx, PoolManagerSetup.from(Env.of(env)), Clock.systemUTC()))
                .actualPort();
        poolManager = new PoolManagerHttp(port);
        poolManager.awaitReady(DEPLOY);
    }

    public void awaitReadyBots(String pool, int n, Duration timeout) {
        poolManager.awaitReadyBots(pool, n, timeout);
    }

    /** A bot of {@code pool} in this JVM on a port of its own, with the rules engine answering at once. */
    public BotAddress bot(String pool, boolean reuse, String... pairs) throws Exception {
        String botId = pool + "-" + UUID.randomUUID().toString().substring(0, 8);
        int port = BenchBroker.freePort();
        Map<String, String> env = installation.env(BotConfig.BOT_ID, botId, BotConfig.POOL, pool,
                BotConfig.HOST, "127.0.0.1", BotConfig.PORT, Integer.toString(port), BotConfig.WARMUP_MS, "0",
                BotConfig.TOKEN_DELAY_MS, "0", BotConfig.REUSE, Boolean.toString(reuse));
        env.putAll(installation.env(pairs));
        await(vertx.deployVerticle(new BotVerticle(BotConfig.from(Env.of(env)), status -> { }, Clock.systemUTC())));
        return new BotAddress(botId, port);
    }

    /** A router on a free port, once its consumer is positioned; returns the port. */
    public int router(String... pairs) {
        Map<String, String> env = installation.env(RouterConfig.HTTP_PORT, "0");
        env.putAll(installation.env(pairs));
        RouterVerticle router = new RouterVerticle(RouterConfig.from(Env.of(env)), Clock.systemUTC());
        await(vertx.deployVerticle(router));
        await(router.ready());
        return router.port();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(DEPLOY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("did not start: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            System.err.println("[bench] stack did not stop cleanly: " + e);
        }
    }
}
