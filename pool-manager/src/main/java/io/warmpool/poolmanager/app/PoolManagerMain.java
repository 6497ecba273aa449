package io.warmpool.poolmanager.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import io.warmpool.poolmanager.provisioning.MonitoredProvisioner;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.http.OpsRoutes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the pool manager: the roles of {@code WARMPOOL_ROLES} and the HTTP endpoints. */
public final class PoolManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(PoolManagerMain.class);

    private PoolManagerMain() {
    }

    public static void main(String[] args) throws Exception {
        PoolManagerSetup setup;
        try {
            setup = PoolManagerSetup.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("pool-manager: " + e.getMessage());
            System.exit(2);
            return;
        }
        PoolManagerConfig config = setup.config();
        Vertx vertx = Vertx.vertx();
        AtomicReference<PoolManager> running = new AtomicReference<>();
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
        start(vertx, setup, Clock.systemUTC())
                .onSuccess(pm -> {
                    running.set(pm);
                    LOG.info("pool-manager {} up, roles {}, pools {}, HTTP on {}", config.allocatorId(),
                            config.roles(), config.pools().keySet(), pm.http().actualPort());
                })
                .onFailure(e -> {
                    if (e instanceof ConfigException) {
                        System.err.println("pool-manager: " + e.getMessage());
                    } else {
                        LOG.error("pool-manager failed to start", e);
                    }
                    // Not on the event loop: if a shutdown hook is already closing Vert.x, exit waits for it.
                    vertx.close().onComplete(v -> new Thread(() -> System.exit(1), "pool-manager-exit").start());
                });
    }

    /** Deploys the configured roles, then the HTTP verticle; returns it once it listens. */
    public static Future<PoolHttpVerticle> deploy(Vertx vertx, PoolManagerSetup setup, Clock clock) {
        return start(vertx, setup, clock).map(PoolManager::http);
    }

    /**
     * Deploys the provisioner (if a role), the allocator (if a role, and once the topics let it own
     * pools), then HTTP; stop with {@link PoolManager#stop()}. A provisioner that cannot reach its
     * runtime still starts: readiness and {@code /api/pools} say why it cannot provision.
     */
    public static Future<PoolManager> start(Vertx vertx, PoolManagerSetup setup, Clock clock) {
        PoolManagerConfig config = setup.config();
        PrometheusMeterRegistry registry = OpsRoutes.newRegistry();
        Future<Optional<String>> provisionerDeployment = Future.succeededFuture(Optional.empty());
        Supplier<Optional<String>> provisioningProblem = Optional::empty;
        if (setup.provisioning().isPresent()) {
            ProvisionerConfig provisioning = setup.provisioning().get();
            MonitoredProvisioner provisioner;
            try {
                provisioner = new MonitoredProvisioner(Provisioners.create(provisioning, config.pools()));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            provisioningProblem = provisioner::problem;
            provisionerDeployment = vertx.deployVerticle(new ProvisionerVerticle(provisioning, config.kafka(),
                    provisioner, config.pools(), registry)).map(Optional::of);
        }
        AllocatorVerticle allocator = config.roles().contains(Role.ALLOCATOR)
                ? new AllocatorVerticle(config, clock, registry) : null;
        Supplier<Optional<String>> problem = provisioningProblem;
        Supplier<Future<Void>> ready = () -> (allocator == null ? Future.<Void>succeededFuture() : allocator.ready())
                .compose(x -> problem.get().map(p -> Future.<Void>failedFuture("provisioner: " + p))
                        .orElse(Future.succeededFuture()));
        PoolHttpVerticle http = new PoolHttpVerticle(config.httpPort(), new OpsRoutes(registry, ready),
                allocator == null ? () -> Future.succeededFuture(List.of()) : allocator::statuses, problem);
        return provisionerDeployment.compose(provisionerId -> (allocator == null
                        ? Future.succeededFuture(Optional.<String>empty())
                        : AllocatorTopics.check(vertx, config.kafka())
                                .compose(x -> vertx.deployVerticle(allocator)).map(Optional::of))
                .compose(allocatorId -> vertx.deployVerticle(http)
                        .map(httpId -> new PoolManager(vertx, http, httpId, allocatorId, provisionerId, problem))));
    }
}
