package io.warmpool.poolmanager.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.events.PoolStatus;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import io.warmpool.runtime.config.Env;
import io.warmpool.testkit.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One pool-manager process of a test: its own Vert.x instance, configured through the environment map. */
final class AllocatorRun implements AutoCloseable {
    static final long HEARTBEAT_MS = 300;

    final String id;
    final Vertx vertx;
    final PoolHttpVerticle http;

    private AllocatorRun(String id, Vertx vertx, PoolHttpVerticle http) {
        this.id = id;
        this.vertx = vertx;
        this.http = http;
    }

    static AllocatorRun start(String bootstrap, KafkaWorld world, String id, String pools) {
        Vertx vertx = Vertx.vertx();
        return new AllocatorRun(id, vertx, get(PoolManagerMain.deploy(vertx,
                PoolManagerSetup.from(Env.of(env(bootstrap, world, id, pools))), Clock.systemUTC())));
    }

    /**
     * The same allocator as a child JVM on the test's class path, so that it can be killed for real
     * (SIGKILL: no shutdown hook, no last commit, no leaving the group).
     */
    static Process startProcess(String bootstrap, KafkaWorld world, String id, String pools, Path log)
            throws IOException {
        return JavaProcess.start(PoolManagerMain.class, env(bootstrap, world, id, pools), log);
    }

    private static Map<String, String> env(String bootstrap, KafkaWorld world, String id, String pools) {
        Map<String, String> env = new HashMap<>();
        env.put("WARMPOOL_KAFKA_BOOTSTRAP", bootstrap);
        env.put("WARMPOOL_TOPIC_PREFIX", world.topics.prefix());
        env.put("WARMPOOL_POOLS", pools);
        env.put("WARMPOOL_HEARTBEAT_MS", Long.toString(HEARTBEAT_MS));
        env.put("WARMPOOL_ALLOCATOR_ID", id);
        env.put("WARMPOOL_ALLOCATOR_GROUP", "allocators-" + world.topics.prefix());
        env.put("WARMPOOL_HTTP_PORT", "0");
        env.put("WARMPOOL_TICK_MS", "50");
        env.put("WARMPOOL_ROLES", "allocator");
        return env;
    }

    static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until this instance publishes the status of {@code pool}: it owns the pool and has begun rebuilding it. */
    void awaitOwns(KafkaWorld world, String pool) {
        awaitOwns(world, id, pool);
    }

    static void awaitOwns(KafkaWorld world, String allocatorId, String pool) {
        KafkaWorld.await(allocatorId + " owning " + pool, Duration.ofSeconds(60), () -> world.events(PoolStatus.class)
                .stream().anyMatch(s -> s.pool().equals(pool) && s.allocatorId().equals(allocatorId)));
    }

    @Override
    public void close() {
        get(vertx.close());
    }
}
