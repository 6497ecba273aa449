package io.warmpool.poolmanager.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.http.OpsRoutes;
import java.time.Clock;
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("shutdown incomplete: {}", e.toString());
            }
        }));
        deploy(vertx, config, env, Clock.systemUTC())
                .onSuccess(http -> LOG.info("pool-manager {} up, roles {}, pools {}, HTTP on {}",
                        config.allocatorId(), config.roles(), config.pools().keySet(), http.actualPort()))
                .onFailure(e -> {
                    LOG.error("pool-manager failed to start", e);
                    vertx.close().onComplete(v -> System.exit(1));
                });
    }

    /** Deploys the configured roles, then the HTTP verticle; returns it once it listens. */
    public static Future<PoolHttpVerticle> deploy(Vertx vertx, PoolManagerConfig config, Env env, Clock clock) {
        PrometheusMeterRegistry registry = OpsRoutes.newRegistry();
        Future<?> provisioner = Future.succeededFuture();
        if (config.roles().contains(Role.PROVISIONER)) {
            try {
                provisioner = vertx.deployVerticle(provisionerVerticle(config, env, registry));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        if (!config.roles().contains(Role.ALLOCATOR)) {
            PoolHttpVerticle http = new PoolHttpVerticle(config.httpPort(), new OpsRoutes(registry,
                    () -> Future.succeededFuture()), () -> Future.succeededFuture(java.util.List.of()));
            return provisioner.compose(id -> vertx.deployVerticle(http)).map(id -> http);
        }
        AllocatorVerticle allocator = new AllocatorVerticle(config, clock, registry);
        PoolHttpVerticle http = new PoolHttpVerticle(config.httpPort(), new OpsRoutes(registry, allocator::ready),
                allocator::statuses);
        return provisioner
                .compose(id -> vertx.deployVerticle(allocator))
                .compose(id -> vertx.deployVerticle(http))
                .map(id -> http);
    }

    private static ProvisionerVerticle provisionerVerticle(PoolManagerConfig config, Env env,
                                                           PrometheusMeterRegistry registry) {
        ProvisionerConfig provisioning = ProvisionerConfig.from(env);
        return new ProvisionerVerticle(provisioning, config.kafka(), Provisioners.create(provisioning, env),
                pool -> config.pools().containsKey(pool) ? config.pools().get(pool).maxBots() : -1, registry);
    }
}
