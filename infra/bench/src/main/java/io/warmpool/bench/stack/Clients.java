package io.warmpool.bench.stack;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The load generator's side: a Vert.x of its own, so that clients and services share no event loop. */
public final class Clients implements AutoCloseable {
    private static final String WARM_UP_PATH = "/bench-warm-up";
    public final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    public final WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(20_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));

    /**
     * Opens one WebSocket to a path the server refuses, so that the first measured session does not
     * pay for this JVM loading its client: it waited 476 ms before the router stamped its request
     * without this, 50 ms with it. The server answers a 404 and sees no session.
     */
    public void warmUp(int port) {
        try {
            ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(WARM_UP_PATH))
                    .await(30, TimeUnit.SECONDS);
            throw new IllegalStateException("a WebSocket to " + WARM_UP_PATH + " was accepted");
        } catch (UpgradeRejectedException expected) {
            // the 404: the client is loaded
        } catch (TimeoutException e) {
            throw new IllegalStateException("the warm-up WebSocket got no answer in 30 s", e);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            System.err.println("[bench] clients did not stop cleanly: " + e);
        }
    }
}
