package io.warmpool.router.it;

import io.vertx.core.json.JsonObject;
import io.warmpool.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP/1.1 calls to a router's OpenAI-compatible API, as curl would make them (shared with the stack tests). */
public final class OpenAiHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private OpenAiHttp() {
    }

    public static HttpResponse<String> post(int port, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    public static HttpResponse<String> get(int port, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60));
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    /** The same POST, answered in the background: for a completion that runs beside something else. */
    public static CompletableFuture<HttpResponse<String>> postAsync(int port, String body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code GET /v1/models} once it lists {@code pools} (the router learns them from pool.status, every second). */
    public static JsonObject awaitModels(int port, List<String> pools, String... headers) {
        return Await.until(() -> {
            pace(); // the API counts requests per key: a fast poll would spend the test's budget (429)
            HttpResponse<String> response = get(port, "/v1/models", headers);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonObject models = new JsonObject(response.body());
            List<String> ids = models.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")).toList();
            return ids.containsAll(pools) ? Optional.of(models) : Optional.empty();
        }, Duration.ofSeconds(30), () -> "models " + pools + " listed");
    }

    private static void pace() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String completion(String pool, boolean stream, String userText) {
        return "{\"model\":\"" + pool + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are ELIZA.\"},{\"role\":\"user\",\"content\":\"" + userText + "\"}]}";
    }
}
