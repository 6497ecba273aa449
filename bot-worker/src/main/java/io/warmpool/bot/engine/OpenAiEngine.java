package io.warmpool.bot.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, llama.cpp's server, Ollama), asked
 * with {@code stream=true} and read as server-sent events. A stream that ends without
 * {@code data: [DONE]} is a failure, not a short reply.
 */
public final class OpenAiEngine implements ChatEngine {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEngine.class);
    // Between two pieces of a stream, not for the whole reply: a long answer may take minutes.
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final OpenAiSettings settings;
    private final Context context;

    public OpenAiEngine(Vertx vertx, OpenAiSettings settings) {
        this.http = vertx.createHttpClient();
        this.settings = settings;
        this.context = vertx.getOrCreateContext();
    }

    /** A first real request, one token long: the model is loaded and the endpoint answers. */
    @Override
    public Future<Void> warmUp() {
        return complete(Conversation.empty().with(Turn.user("Hello")), 1, token -> { }).mapEmpty();
    }

    @Override
    public Future<String> reply(Conversation conversation, Consumer<String> tokens) {
        return complete(conversation, null, tokens);
    }

    /**
     * Runs on the engine's own context: the response then arrives on the context that reads it, so
     * its handler is set before any of its body is delivered (from another thread, a short stream
     * could end before the handler is there).
     */
    private Future<String> complete(Conversation conversation, Integer maxTokens, Consumer<String> tokens) {
        Promise<String> result = Promise.promise();
        context.runOnContext(v -> request(conversation, maxTokens, tokens).onComplete(result));
        return result.future();
    }

    private Future<String> request(Conversation conversation, Integer maxTokens, Consumer<String> tokens) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(settings.completionsUrl())
                .setIdleTimeout(IDLE_TIMEOUT.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
        if (settings.apiKey() != null) {
            request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey());
        }
        return http.request(request)
                .compose(req -> req.send(body(conversation, maxTokens).toBuffer()))
                .compose(response -> response.statusCode() == 200
                        ? read(response, tokens)
                        : response.body().compose(body -> failed(response.statusCode(), body)));
    }

    private JsonObject body(Conversation conversation, Integer maxTokens) {
        JsonArray messages = new JsonArray();
        conversation.turns().forEach(t -> messages.add(new JsonObject()
                .put("role", t.role().wire()).put("content", t.text())));
        JsonObject body = new JsonObject().put("model", settings.model()).put("stream", true).put("messages", messages);
        return maxTokens == null ? body : body.put("max_tokens", maxTokens);
    }

    private static Future<String> read(HttpClientResponse response, Consumer<String> tokens) {
        Promise<String> done = Promise.promise();
        StringBuilder reply = new StringBuilder();
        RecordParser lines = RecordParser.newDelimited("\n", line -> {
            if (done.future().isComplete()) {
                return;
            }
            try {
                SseLine parsed = SseLine.parse(line.toString().stripTrailing());
                if (parsed.done()) {
                    done.complete(reply.toString());
                } else if (!parsed.token().isEmpty()) {
                    reply.append(parsed.token());
                    tokens.accept(parsed.token());
                }
            } catch (IllegalArgumentException e) {
                done.tryFail(new EngineException(e.getMessage()));
            }
        });
        response.handler(lines);
        response.exceptionHandler(e -> done.tryFail(new EngineException("stream broke off: " + e.getMessage())));
        response.endHandler(v -> done.tryFail(new EngineException("stream ended before [DONE]")));
        return done.future();
    }

    // The body goes to the log only: the client sees the status, not what the provider says about our key.
    private static Future<String> failed(int status, Buffer body) {
        String text = body.toString().strip();
        LOG.warn("chat completions answered HTTP {}: {}", status, text.length() > 300 ? text.substring(0, 300) + "..." : text);
        return Future.failedFuture(new EngineException("chat completions answered HTTP " + status));
    }
}
