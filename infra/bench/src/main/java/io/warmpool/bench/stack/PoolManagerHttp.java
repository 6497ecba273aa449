package io.warmpool.bench.stack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The pool manager's HTTP side as the harness reads it: readiness, and the allocator's view of a pool. */
public record PoolManagerHttp(int port) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public void awaitReady(Duration timeout) {
        Wait.until("the allocator's readiness", timeout, () -> get("/health/ready").statusCode() == 200);
    }

    /** Waits until the allocator counts at least {@code n} READY bots in {@code pool}. */
    public void awaitReadyBots(String pool, int n, Duration timeout) {
        Wait.until(n + " READY bots in pool " + pool, timeout, () -> readyBots(pool) >= n);
    }

    public int readyBots(String pool) {
        HttpResponse<String> r = get("/api/pools");
        if (r.statusCode() != 200) {
            return -1;
        }
        for (Object o : new JsonArray(r.body())) {
            JsonObject status = (JsonObject) o;
            if (pool.equals(status.getString("pool"))) {
                return status.getJsonObject("snapshot").getInteger("ready");
            }
        }
        return -1;
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("pool manager not answering: " + e, e);
        }
    }
}
