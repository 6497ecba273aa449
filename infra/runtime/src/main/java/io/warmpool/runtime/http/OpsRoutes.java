package io.warmpool.runtime.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * The operations endpoints every warmpool service serves: {@code /health/live} (the process
 * answers), {@code /health/ready} (it can do its job: 503 with the reason otherwise) and
 * {@code /metrics} in the Prometheus text format.
 */
public final class OpsRoutes {
    private final PrometheusMeterRegistry registry;
    private final Supplier<Future<Void>> readiness;

    /** @param readiness succeeds when the service is ready; its failure message is shown to the prober */
    public OpsRoutes(PrometheusMeterRegistry registry, Supplier<Future<Void>> readiness) {
        this.registry = registry;
        this.readiness = readiness;
    }

    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Router mount(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> readiness.get().onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.json(new JsonObject().put("status", "UP"));
            } else {
                ctx.response().setStatusCode(503);
                ctx.json(new JsonObject().put("status", "DOWN").put("reason", String.valueOf(ar.cause().getMessage())));
            }
        }));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        return router;
    }
}
