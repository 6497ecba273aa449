package io.warmpool.poolmanager.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.runtime.http.OpsRoutes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pool manager's HTTP side: {@code /api/pools} (the owned pools' status as JSON, each with an
 * {@code error} while this process cannot provision) and the ops routes.
 */
public final class PoolHttpVerticle extends VerticleBase {
    private final int port;
    private final OpsRoutes ops;
    private final Supplier<Future<List<PoolStatus>>> pools;
    private final Supplier<Optional<String>> problem;
    private HttpServer server;

    /** @param problem why this process cannot provision, if it cannot */
    public PoolHttpVerticle(int port, OpsRoutes ops, Supplier<Future<List<PoolStatus>>> pools,
                            Supplier<Optional<String>> problem) {
        this.port = port;
        this.ops = ops;
        this.pools = pools;
        this.problem = problem;
    }

    @Override
    public Future<?> start() {
        Router router = ops.mount(Router.router(vertx));
        router.get("/api/pools").handler(ctx -> pools.get()
                .map(statuses -> json(statuses, problem.get()))
                .onSuccess(body -> ctx.response().putHeader("content-type", "application/json").end(body))
                .onFailure(ctx::fail));
        return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
    }

    /** The port listened on; useful when configured as 0. */
    public int actualPort() {
        return server.actualPort();
    }

    private static String json(List<PoolStatus> statuses, Optional<String> problem) {
        JsonArray pools = new JsonArray();
        statuses.forEach(s -> {
            JsonObject pool = new JsonObject(new String(EventCodec.json(s), StandardCharsets.UTF_8));
            problem.ifPresent(p -> pool.put("error", p));
            pools.add(pool);
        });
        return pools.encode();
    }
}
