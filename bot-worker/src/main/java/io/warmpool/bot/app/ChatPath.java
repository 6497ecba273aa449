package io.warmpool.bot.app;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * A bot's {@code GET /chat}, taken before the web router sees the request: in a process bot the
 * router's own frames were 12 of the 80 JFR samples of a claim, for one fixed path. Every other
 * request (health, metrics) goes on to {@code rest}.
 */
final class ChatPath {
    static final String PATH = "/chat";

    private ChatPath() {
    }

    static Handler<HttpServerRequest> or(Handler<HttpServerRequest> chat, Handler<HttpServerRequest> rest) {
        return request -> {
            if (request.method() == HttpMethod.GET && PATH.equals(request.path())) {
                chat.handle(request);
            } else {
                rest.handle(request);
            }
        };
    }
}
