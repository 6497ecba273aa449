package io.warmpool.poolmanager.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.http.OpsRoutes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the pool manager: the roles of {@code WARMPOOL_ROLES} and the HTTP endpoints. */
public final class PoolManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(PoolManagerMain.class);

    private PoolManagerMain() {
    }

    public static void main(String[] args) throws Exception {
        PoolManagerConfig config;
        Env env = Env.system();
        try {
            config = PoolManagerConfig.from(env);
        } catch (ConfigException e) {
            System.err.println("pool-manager: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        java.util.concurrent.atomic.AtomicReference<PoolManager> running = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                PoolManager pm = running.get();
                if (pm != null) {
                    pm.stop().await(60, TimeUnit.SECONDS);
                }
                // Awaited on its own: a listener chained to an event-loop future would never run once Vert.x is closed.
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown incomplete: {}", e.toString());
            }
        }, "pool-manager-stop"));
        start(vertx, config, env, Clock.systemUTC())
                .onSuccess(pm -> {
                    running.set(pm);
                    LOG.info("pool-manager {} up, roles {}, pools {}, HTTP on {}", config.allocatorId(),
                            config.roles(), config.pools().keySet(), pm.http().actualPort());
                })
                .onFailure(e -> {
                    LOG.error("pool-manager failed to start", e);
                    // Not on the event loop: if a shutdown hook is already closing Vert.x, exit waits for it.
                    vertx.close().onComplete(v -> new Thread(() -> System.exit(1), "pool-manager-exit").start());
                });
    }

    /** Deploys the configured roles, then the HTTP verticle; returns it once it listens. */
    public static Future<PoolHttpVerticle> deploy(Vertx vertx, PoolManagerConfig config, Env env, Clock clock) {
        return start(vertx, config, env, clock).map(PoolManager::http);
    }

    /** Deploys the provisioner (if a role), the allocator (if a role), then HTTP; stop with {@link PoolManager#stop()}. */
    public static Future<PoolManager> start(Vertx vertx, PoolManagerConfig config, Env env, Clock clock) {
        PrometheusMeterRegistry registry = OpsRoutes.newRegistry();
        Future<Optional<String>> provisioner = Future.succeededFuture(Optional.empty());
        if (config.roles().contains(Role.PROVISIONER)) {
            try {
                provisioner = vertx.deployVerticle(provisionerVerticle(config, env, registry)).map(Optional::of);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        AllocatorVerticle allocator = config.roles().contains(Role.ALLOCATOR)
                ? new AllocatorVerticle(config, clock, registry) : null;
        PoolHttpVerticle http = allocator == null
                ? new PoolHttpVerticle(config.httpPort(), new OpsRoutes(registry, () -> Future.succeededFuture()),
                        () -> Future.succeededFuture(List.of()))
                : new PoolHttpVerticle(config.httpPort(), new OpsRoutes(registry, allocator::ready),
                        allocator::statuses);
        return provisioner.compose(provisionerId -> (allocator == null
                        ? Future.succeededFuture(Optional.<String>empty())
                        : vertx.deployVerticle(allocator).map(Optional::of))
                .compose(allocatorId -> vertx.deployVerticle(http)
                        .map(httpId -> new PoolManager(vertx, http, httpId, allocatorId, provisionerId))));
    }

    private static ProvisionerVerticle provisionerVerticle(PoolManagerConfig config, Env env,
                                                           PrometheusMeterRegistry registry) {
        ProvisionerConfig provisioning = ProvisionerConfig.from(env);
        return new ProvisionerVerticle(provisioning, config.kafka(), Provisioners.create(provisioning, env),
                config.pools(), registry);
    }
}
