package io.warmpool.bot.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI-compatible chat completions server speaking real SSE. It answers "You said: TEXT"
 * in chunks, except to a last user message of {@code fail} (HTTP 500) or {@code drop} (two chunks,
 * then the connection is cut without {@code data: [DONE]}).
 */
public final class FakeOpenAi implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private FakeOpenAi(HttpServer server) {
        this.server = server;
    }

    public static FakeOpenAi start(Vertx vertx) throws Exception {
        FakeOpenAi[] self = new FakeOpenAi[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeOpenAi(server);
        server.listen(0).await(10, TimeUnit.SECONDS);
        return self[0];
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public List<JsonObject> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpServerRequest req) {
        if (!req.path().equals("/v1/chat/completions")) {
            req.response().setStatusCode(404).end();
            return;
        }
        req.body().onSuccess(body -> {
            JsonObject request = body.toJsonObject();
            requests.add(request);
            authorizations.add(String.valueOf(req.getHeader("Authorization")));
            JsonArray messages = request.getJsonArray("messages");
            String last = messages.getJsonObject(messages.size() - 1).getString("content");
            switch (last) {
                case "fail" -> req.response().setStatusCode(500)
                        .end("{\"error\":{\"message\":\"the model fell over\"}}");
                case "drop" -> {
                    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    req.response().write(chunk("Half "));
                    req.response().write(chunk("a "))
                            .onComplete(v -> req.connection().close());
                }
                default -> {
                    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    req.response().write(": keep-alive comment\n\n");
                    req.response().write("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
                    for (String piece : List.of("You ", "said: ", last)) {
                        req.response().write(chunk(piece));
                    }
                    req.response().write("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n");
                    req.response().end("data: [DONE]\n\n");
                }
            }
        });
    }

    private static String chunk(String content) {
        JsonObject delta = new JsonObject().put("content", content);
        JsonObject choice = new JsonObject().put("index", 0).put("delta", delta);
        return "data: " + new JsonObject().put("id", "c-1").put("object", "chat.completion.chunk")
                .put("choices", new JsonArray().add(choice)).encode() + "\n\n";
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
