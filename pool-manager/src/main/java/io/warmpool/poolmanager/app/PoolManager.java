package io.warmpool.poolmanager.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.http.PoolHttpVerticle;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A running pool manager's deployments, so they stop in an order that loses nothing: HTTP, then
 * the allocator (no new deficits while bots drain), then the provisioner (which stops every bot).
 *
 * @param provisioningProblem why this process cannot provision now, if it cannot
 */
public record PoolManager(Vertx vertx, PoolHttpVerticle http, String httpDeployment,
                          Optional<String> allocatorDeployment, Optional<String> provisionerDeployment,
                          Supplier<Optional<String>> provisioningProblem) {

    public Future<Void> stop() {
        return vertx.undeploy(httpDeployment)
                .transform(x -> allocatorDeployment.map(vertx::undeploy).orElse(Future.succeededFuture()))
                .transform(x -> provisionerDeployment.map(vertx::undeploy).orElse(Future.succeededFuture()));
    }
}
