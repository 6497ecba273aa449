package io.warmpool.router.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The latest {@code pool.status} of every pool, as JSON ({@code /api/pools}) and as a stream of
 * server-sent events ({@code /api/pools/events}: the current picture at once, then each update).
 * A listener that reads too slowly misses updates instead of growing a buffer: each one is a whole
 * snapshot, so the next one repairs the view.
 */
public final class PoolBoard {
    private static final long KEEPALIVE_MS = 15_000;

    private final Map<String, String> latest = new TreeMap<>();
    private final Set<HttpServerResponse> listeners = new HashSet<>();

    public void update(PoolStatus status) {
        String json = new String(EventCodec.json(status), StandardCharsets.UTF_8);
        latest.put(status.pool(), json);
        String event = "event: pool\ndata: " + json + "\n\n";
        listeners.forEach(listener -> {
            if (!listener.writeQueueFull()) {
                listener.write(event);
            }
        });
    }

    /** The pools heard of so far. */
    public Set<String> pools() {
        return Set.copyOf(latest.keySet());
    }

    public Router mount(Vertx vertx, Router router) {
        router.get("/api/pools").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(latest.values().stream().collect(Collectors.joining(",", "[", "]"))));
        router.get("/api/pools/events").handler(this::stream);
        vertx.setPeriodic(KEEPALIVE_MS, t -> listeners.forEach(l -> l.write(": keepalive\n\n")));
        return router;
    }

    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        response.write("retry: 2000\n\n");
        latest.values().forEach(json -> response.write("event: pool\ndata: " + json + "\n\n"));
        listeners.add(response);
        response.closeHandler(v -> listeners.remove(response));
    }
}
