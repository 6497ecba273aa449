package io.warmpool.router.openai;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * {@code stream: true}: server-sent events as OpenAI writes them, a {@code data:} line per
 * {@code chat.completion.chunk} (the role first, then one per token as the bot writes it, then one with
 * {@code finish_reason}), then {@code data: [DONE]}. A failure after the first event is an
 * {@code error} object in a last event, without {@code [DONE]}, as OpenAI's clients read it.
 */
final class StreamedAnswer implements Answer {
    private final HttpServerResponse response;
    private final Completion completion;

    StreamedAnswer(HttpServerResponse response, Completion completion) {
        this.response = response;
        this.completion = completion;
    }

    @Override
    public void begin() {
        if (response.closed()) {
            return;
        }
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        event(completion.roleChunk());
    }

    @Override
    public void token(String token) {
        event(completion.tokenChunk(token));
    }

    @Override
    public void finish(String finishReason) {
        event(completion.finalChunk(finishReason));
        if (!response.closed() && !response.ended()) {
            response.end("data: [DONE]\n\n");
        }
    }

    @Override
    public void fail(OpenAiError error) {
        if (response.headWritten() && !response.ended() && !response.closed()) {
            response.end("data: " + error.json().encode() + "\n\n");
        } else {
            Answer.error(response, error);
        }
    }

    private void event(JsonObject chunk) {
        if (!response.closed() && !response.ended()) {
            response.write("data: " + chunk.encode() + "\n\n");
        }
    }
}
