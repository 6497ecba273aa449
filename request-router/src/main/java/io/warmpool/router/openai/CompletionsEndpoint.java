package io.warmpool.router.openai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.Ids;
import io.warmpool.events.RejectReason;
import io.warmpool.router.routing.ChatEndpoint;
import io.warmpool.router.routing.ClientAuth;
import io.warmpool.router.routing.RoutingServices;
import io.warmpool.router.session.KeyRate;
import io.warmpool.router.session.Outcome;
import java.util.Optional;

/**
 * The OpenAI-compatible front door: {@code POST /v1/chat/completions} and {@code GET /v1/models}. A
 * request passes the WebSocket's checks, in the same order (credentials, pool name, session cap), plus a
 * per-key request rate and a valid body; then it is a {@link CompletionSession}. Refusals are OpenAI
 * error objects.
 */
final class CompletionsEndpoint {
    private static final int MAX_KEYS = 10_000;

    private final RoutingServices services;
    private final ClientAuth auth;
    private final KeyRate rate;

    CompletionsEndpoint(RoutingServices services, ClientAuth auth) {
        this.services = services;
        this.auth = auth;
        this.rate = new KeyRate(services.limits().ratePerSecond(), services.limits().rateBurst(), MAX_KEYS);
    }

    /** Runs {@code then} for a client with valid credentials within its rate; answers everyone else. */
    void admitted(RoutingContext ctx, Runnable then) {
        Optional<String> token = ChatEndpoint.token(ctx.request());
        auth.check(token).onComplete(ar -> {
            if (ar.failed()) {
                services.metrics().httpOutcome(new Outcome.Rejected(RejectReason.UNAUTHORIZED));
                Answer.error(ctx.response(), OpenAiError.rejected(RejectReason.UNAUTHORIZED, ""));
            } else if (!rate.admit(token.map(t -> "key:" + t).orElseGet(() -> address(ctx.request())), services.clock().getAsLong())) {
                services.metrics().httpRefused("rate_limited");
                Answer.error(ctx.response(), OpenAiError.rateLimited());
            } else {
                then.run();
            }
        });
    }

    void complete(RoutingContext ctx) {
        admitted(ctx, () -> parse(ctx).ifPresent(request -> {
            if (!Ids.isId(request.pool())) {
                refuse(ctx, RejectReason.UNKNOWN_POOL, request.pool());
            } else if (services.registry().size() >= services.limits().maxSessions()) {
                refuse(ctx, RejectReason.OVERLOADED, request.pool());
            } else {
                new CompletionSession(services, ctx.response(), request).start();
            }
        }));
    }

    private Optional<ChatRequest> parse(RoutingContext ctx) {
        try {
            Buffer raw = ctx.body().buffer();
            Object body = raw == null || raw.length() == 0 ? null : raw.toJsonValue();
            if (!(body instanceof JsonObject json)) {
                throw new ChatRequest.InvalidRequest(null, "the body must be a JSON object");
            }
            return Optional.of(ChatRequest.parse(json));
        } catch (DecodeException e) {
            return badRequest(ctx, new ChatRequest.InvalidRequest(null, "the body is not valid JSON: "
                    + e.getMessage()));
        } catch (ChatRequest.InvalidRequest e) {
            return badRequest(ctx, e);
        }
    }

    private Optional<ChatRequest> badRequest(RoutingContext ctx, ChatRequest.InvalidRequest e) {
        services.metrics().httpRefused("bad_request");
        Answer.error(ctx.response(), OpenAiError.invalid(e.param(), e.getMessage()));
        return Optional.empty();
    }

    private void refuse(RoutingContext ctx, RejectReason reason, String pool) {
        services.metrics().httpOutcome(new Outcome.Rejected(reason));
        Answer.error(ctx.response(), OpenAiError.rejected(reason, pool));
    }

    /** A body over the limit, refused by the body handler before it was read. */
    void tooLarge(RoutingContext ctx) {
        services.metrics().httpRefused("too_large");
        Answer.error(ctx.response(), OpenAiError.tooLarge(services.limits().maxMessageBytes()));
    }

    private static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "" : "address:" + request.remoteAddress().hostAddress();
    }
}
