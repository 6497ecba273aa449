package io.warmpool.poolmanager.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pool manager's deployments, so they stop in an order that loses nothing: HTTP, then
 * the allocator (no new deficits while bots drain), then the provisioner (which stops every bot).
 * The allocator's stop waits for its outputs to be acknowledged before it commits; a producer that
 * cannot deliver (after a broker restart it may retry for its whole delivery timeout) must not keep
 * the bots running past the process's own grace, so the provisioner goes on after {@link #ALLOCATOR_STOP}.
 *
 * @param provisioningProblem why this process cannot provision now, if it cannot
 */
public record PoolManager(Vertx vertx, PoolHttpVerticle http, String httpDeployment,
                          Optional<String> allocatorDeployment, Optional<String> provisionerDeployment,
                          Supplier<Optional<String>> provisioningProblem) {
    /** What the allocator gets to commit and close; the rest of the stop grace is the bots'. */
    static final Duration ALLOCATOR_STOP = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    public Future<Void> stop() {
        return vertx.undeploy(httpDeployment)
                .transform(x -> allocatorDeployment.map(this::stopAllocator).orElse(Future.succeededFuture()))
                .transform(x -> provisionerDeployment.map(vertx::undeploy).orElse(Future.succeededFuture()));
    }

    private Future<Void> stopAllocator(String deployment) {
        return vertx.undeploy(deployment).timeout(ALLOCATOR_STOP.toMillis(), TimeUnit.MILLISECONDS)
                .onFailure(e -> LOG.warn("the allocator did not stop within {} s ({}): stopping the bots anyway; its "
                        + "uncommitted input is read again by the next allocator", ALLOCATOR_STOP.toSeconds(),
                        e.toString()));
    }
}
