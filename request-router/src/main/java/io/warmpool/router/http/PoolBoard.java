package io.warmpool.router.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.PoolStats;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
 * A pool whose last spawn failed while it was short of its target carries that failure as
 * {@code error} (and {@code errorAt}) until a status shows it at its target again: a pool manager
 * that cannot provision is seen here, not mistaken for one still starting.
 * A listener that reads too slowly misses updates instead of growing a buffer: each one is a whole
 * snapshot, so the next one repairs the view.
 */
public final class PoolBoard {
    private static final long KEEPALIVE_MS = 15_000;

    private final Map<String, PoolStatus> statuses = new TreeMap<>();
    private final Map<String, BotSpawnFailed> failures = new HashMap<>();
    private final Set<HttpServerResponse> listeners = new HashSet<>();
    private final StatsHistory history = new StatsHistory();

    public void update(PoolStatus status) {
        statuses.put(status.pool(), status);
        if (status.snapshot().ready() >= status.snapshot().target()) {
            failures.remove(status.pool());
        }
        broadcast(poolEvent(status.pool()));
    }

    public void update(PoolStats stats) {
        if (history.add(stats)) {
            broadcast(event("stats", json(stats)));
        }
    }

    public void spawnFailed(BotSpawnFailed failure) {
        failures.put(failure.pool(), failure);
        if (statuses.containsKey(failure.pool())) {
            broadcast(poolEvent(failure.pool()));
        }
    }

    /** The pools heard of so far. */
    public Set<String> pools() {
        return Set.copyOf(statuses.keySet());
    }

    public Router mount(Vertx vertx, Router router) {
        router.get("/api/pools").handler(ctx -> {
            JsonArray pools = new JsonArray();
            statuses.keySet().forEach(pool -> pools.add(entry(pool)));
            ctx.response().putHeader("content-type", "application/json").end(pools.encode());
        });
        router.get("/api/pools/stats").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(history.all().stream().map(PoolBoard::json).collect(Collectors.joining(",", "[", "]"))));
        router.get("/api/pools/events").handler(this::stream);
        vertx.setPeriodic(KEEPALIVE_MS, t -> listeners.forEach(l -> l.write(": keepalive\n\n")));
        return router;
    }

    private void broadcast(String event) {
        listeners.forEach(listener -> {
            if (!listener.writeQueueFull()) {
                listener.write(event);
            }
        });
    }

    private JsonObject entry(String pool) {
        JsonObject json = new JsonObject(json(statuses.get(pool)));
        BotSpawnFailed failure = failures.get(pool);
        if (failure != null) {
            json.put("error", failure.error()).put("errorAt", failure.failedAt());
        }
        return json;
    }

    private String poolEvent(String pool) {
        return event("pool", entry(pool).encode());
    }

    private static String json(WarmpoolEvent event) {
        return new String(EventCodec.json(event), StandardCharsets.UTF_8);
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        response.write("retry: 2000\n\n");
        statuses.keySet().forEach(pool -> response.write(poolEvent(pool)));
        history.all().forEach(stats -> response.write(event("stats", json(stats))));
        listeners.add(response);
        response.closeHandler(v -> listeners.remove(response));
    }
}
