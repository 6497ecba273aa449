package io.warmpool.router.openai;

import io.vertx.core.http.HttpServerResponse;

/**
 * Where a bot's reply goes: one JSON body ({@link WholeAnswer}) or a stream of server-sent events
 * ({@link StreamedAnswer}). Until {@link #begin()} nothing is written, so a request that gets no bot
 * still gets an ordinary error status.
 */
sealed interface Answer permits WholeAnswer, StreamedAnswer {
    /** A bot is claimed: the answer is coming. */
    void begin();

    void token(String token);

    /** The answer is complete; {@code finishReason} is {@code stop} or {@code length}. */
    void finish(String finishReason);

    /** No answer after all: an error status, or an error event when the stream has begun. */
    void fail(OpenAiError error);

    static Answer of(boolean stream, HttpServerResponse response, Completion completion) {
        return stream ? new StreamedAnswer(response, completion) : new WholeAnswer(response, completion);
    }

    /** Writes an error response; once a response has begun, only its end. */
    static void error(HttpServerResponse response, OpenAiError error) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(error.status()).putHeader("content-type", "application/json");
        error.retryAfter().ifPresent(seconds -> response.putHeader("retry-after", String.valueOf(seconds)));
        response.end(error.json().encode());
    }
}
