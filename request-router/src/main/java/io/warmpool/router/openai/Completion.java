package io.warmpool.router.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON of one completion as OpenAI writes it: a whole {@code chat.completion}, or its
 * {@code chat.completion.chunk}s for a stream. {@code id} and {@code created} are the same in every
 * piece of one answer; {@code model} is the pool.
 */
record Completion(String id, long created, String model) {
    static final String STOP = "stop";
    static final String LENGTH = "length";

    static Completion of(String sessionId, long openedAtMs, String pool) {
        return new Completion("chatcmpl-" + sessionId, openedAtMs / 1000, pool);
    }

    JsonObject whole(String content, String finishReason) {
        JsonObject choice = new JsonObject().put("index", 0)
                .put("message", new JsonObject().put("role", "assistant").put("content", content))
                .put("logprobs", null)
                .put("finish_reason", finishReason);
        return head("chat.completion").put("choices", new JsonArray().add(choice));
    }

    /** The first chunk: the role, no text yet. */
    JsonObject roleChunk() {
        return chunk(new JsonObject().put("role", "assistant").put("content", ""), null);
    }

    JsonObject tokenChunk(String token) {
        return chunk(new JsonObject().put("content", token), null);
    }

    JsonObject finalChunk(String finishReason) {
        return chunk(new JsonObject(), finishReason);
    }

    private JsonObject chunk(JsonObject delta, String finishReason) {
        JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("logprobs", null)
                .put("finish_reason", finishReason);
        return head("chat.completion.chunk").put("choices", new JsonArray().add(choice));
    }

    private JsonObject head(String object) {
        return new JsonObject().put("id", id).put("object", object).put("created", created).put("model", model);
    }
}
