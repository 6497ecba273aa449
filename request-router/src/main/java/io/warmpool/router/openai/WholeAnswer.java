package io.warmpool.router.openai;

import io.vertx.core.http.HttpServerResponse;

/**
 * {@code stream: false}: the tokens are gathered and written as one {@code chat.completion}. Neither
 * engine reports token counts, so there is no {@code usage}.
 */
final class WholeAnswer implements Answer {
    private final HttpServerResponse response;
    private final Completion completion;
    private final StringBuilder text = new StringBuilder();

    WholeAnswer(HttpServerResponse response, Completion completion) {
        this.response = response;
        this.completion = completion;
    }

    @Override
    public void begin() {
    }

    @Override
    public void token(String token) {
        text.append(token);
    }

    @Override
    public void finish(String finishReason) {
        if (!response.ended() && !response.closed()) {
            response.putHeader("content-type", "application/json")
                    .end(completion.whole(text.toString(), finishReason).encode());
        }
    }

    @Override
    public void fail(OpenAiError error) {
        Answer.error(response, error);
    }
}
