package io.warmpool.poolmanager.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.runtime.http.OpsRoutes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The pool manager's HTTP side: {@code /api/pools} (the owned pools' status as JSON) and the ops routes. */
public final class PoolHttpVerticle extends VerticleBase {
    private final int port;
    private final OpsRoutes ops;
    private final Supplier<Future<List<PoolStatus>>> pools;
    private HttpServer server;

    public PoolHttpVerticle(int port, OpsRoutes ops, Supplier<Future<List<PoolStatus>>> pools) {
        this.port = port;
        this.ops = ops;
        this.pools = pools;
    }

    @Override
    public Future<?> start() {
        Router router = ops.mount(Router.router(vertx));
        router.get("/api/pools").handler(ctx -> pools.get()
                .map(PoolHttpVerticle::json)
                .onSuccess(body -> ctx.response().putHeader("content-type", "application/json").end(body))
                .onFailure(ctx::fail));
        return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
    }

    /** The port listened on; useful when configured as 0. */
    public int actualPort() {
        return server.actualPort();
    }

    private static String json(List<PoolStatus> statuses) {
        return statuses.stream()
                .map(s -> new String(EventCodec.json(s), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
