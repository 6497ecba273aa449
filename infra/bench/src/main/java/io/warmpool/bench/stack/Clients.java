package io.warmpool.bench.stack;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.concurrent.TimeUnit;

/** The load generator's side: a Vert.x of its own, so that clients and services share no event loop. */
public final class Clients implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    public final WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(20_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));

    @Override
    public void close() {
        try {
            vertx.close().await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            System.err.println("[bench] clients did not stop cleanly: " + e);
        }
    }
}
