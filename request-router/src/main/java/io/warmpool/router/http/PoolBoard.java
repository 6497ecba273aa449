package io.warmpool.router.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The latest {@code pool.status} of every pool, as JSON ({@code /api/pools}) and as a stream of
 * server-sent events ({@code /api/pools/events}: the current picture at once, then each update).
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

    public void update(PoolStatus status) {
        statuses.put(status.pool(), status);
        if (status.snapshot().ready() >= status.snapshot().target()) {
            failures.remove(status.pool());
        }
        publish(status.pool());
    }

    public void spawnFailed(BotSpawnFailed failure) {
        failures.put(failure.pool(), failure);
        if (statuses.containsKey(failure.pool())) {
            publish(failure.pool());
        }
    }

    public Router mount(Vertx vertx, Router router) {
        router.get("/api/pools").handler(ctx -> {
            JsonArray pools = new JsonArray();
            statuses.keySet().forEach(pool -> pools.add(entry(pool)));
            ctx.response().putHeader("content-type", "application/json").end(pools.encode());
        });
        router.get("/api/pools/events").handler(this::stream);
        vertx.setPeriodic(KEEPALIVE_MS, t -> listeners.forEach(l -> l.write(": keepalive\n\n")));
        return router;
    }

    private void publish(String pool) {
        String event = event(pool);
        listeners.forEach(listener -> {
            if (!listener.writeQueueFull()) {
                listener.write(event);
            }
        });
    }

    /** The pools heard of so far. */
    public Set<String> pools() {
        return Set.copyOf(statuses.keySet());
    }

    private JsonObject entry(String pool) {
        JsonObject json = new JsonObject(new String(EventCodec.json(statuses.get(pool)), StandardCharsets.UTF_8));
        BotSpawnFailed failure = failures.get(pool);
        if (failure != null) {
            json.put("error", failure.error()).put("errorAt", failure.failedAt());
        }
        return json;
    }

    private String event(String pool) {
        return "event: pool\ndata: " + entry(pool).encode() + "\n\n";
    }

    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        response.write("retry: 2000\n\n");
        statuses.keySet().forEach(pool -> response.write(event(pool)));
        listeners.add(response);
        response.closeHandler(v -> listeners.remove(response));
    }
}
