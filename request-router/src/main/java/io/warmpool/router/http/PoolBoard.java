package io.warmpool.router.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.PoolStats;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The latest {@code pool.status} of every pool, as JSON ({@code /api/pools}) and as a stream of
 * server-sent events ({@code /api/pools/events}: the current picture at once, then each update);
 * and the last hour of {@code pool.stats} ({@code /api/pools/stats}, and {@code stats} events on
 * the same stream) for the charts.
 * A listener that reads too slowly misses updates instead of growing a buffer: each one is a whole
 * snapshot, so the next one repairs the view.
 */
public final class PoolBoard {
    private static final long KEEPALIVE_MS = 15_000;

    private final Map<String, String> latest = new TreeMap<>();
    private final Set<HttpServerResponse> listeners = new HashSet<>();
    private final StatsHistory history = new StatsHistory();

    public void update(PoolStatus status) {
        String json = json(status);
        latest.put(status.pool(), json);
        broadcast(event("pool", json));
    }

    public void update(PoolStats stats) {
        if (history.add(stats)) {
            broadcast(event("stats", json(stats)));
        }
    }

    private void broadcast(String event) {
        listeners.forEach(listener -> {
            if (!listener.writeQueueFull()) {
                listener.write(event);
            }
        });
    }

    private static String json(WarmpoolEvent event) {
        return new String(EventCodec.json(event), StandardCharsets.UTF_8);
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    public Router mount(Vertx vertx, Router router) {
        router.get("/api/pools").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(latest.values().stream().collect(Collectors.joining(",", "[", "]"))));
        router.get("/api/pools/stats").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(history.all().stream().map(PoolBoard::json).collect(Collectors.joining(",", "[", "]"))));
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
        latest.values().forEach(json -> response.write(event("pool", json)));
        history.all().forEach(stats -> response.write(event("stats", json(stats))));
        listeners.add(response);
        response.closeHandler(v -> listeners.remove(response));
    }
}
