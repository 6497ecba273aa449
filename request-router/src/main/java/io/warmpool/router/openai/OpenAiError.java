package io.warmpool.router.openai;

import io.vertx.core.json.JsonObject;
import io.warmpool.events.RejectReason;
import java.util.OptionalInt;

/**
 * An error as OpenAI's API writes it, {@code {"error": {message, type, param, code}}}, with its HTTP
 * status and, for the errors that pass, a {@code Retry-After} in seconds. No bot within the deadline is
 * 503 {@code timeout} (not 504): like {@code pool_exhausted} it says the pool had no capacity in time,
 * and clients retry it the same way.
 */
public record OpenAiError(int status, String type, String code, String param, String message, OptionalInt retryAfter) {
    static final String INVALID_REQUEST = "invalid_request_error";
    static final String SERVER_ERROR = "server_error";
    private static final OptionalInt NOW = OptionalInt.of(1);

    public static OpenAiError invalid(String param, String message) {
        return new OpenAiError(400, INVALID_REQUEST, "invalid_value", param, message, OptionalInt.empty());
    }

    public static OpenAiError unknownModel(String pool) {
        return new OpenAiError(404, INVALID_REQUEST, "model_not_found", "model",
                "The model '" + pool + "' does not exist: there is no pool of that name", OptionalInt.empty());
    }

    public static OpenAiError tooLarge(int limit) {
        return new OpenAiError(413, INVALID_REQUEST, "request_too_large", null,
                "The request body is larger than " + limit + " bytes", OptionalInt.empty());
    }

    public static OpenAiError rateLimited() {
        return new OpenAiError(429, "rate_limit_exceeded", "rate_limit_exceeded", null,
                "Too many requests for this API key; slow down", NOW);
    }

    /** The reply could not be had from the bot (its engine failed, it stopped or vanished). */
    public static OpenAiError botFailed(String code, String message) {
        return new OpenAiError(502, SERVER_ERROR, code, null, message, OptionalInt.empty());
    }

    /** Why a request got no bot, in OpenAI's terms. */
    public static OpenAiError rejected(RejectReason reason, String pool) {
        return switch (reason) {
            case UNKNOWN_POOL -> unknownModel(pool);
            case UNAUTHORIZED -> new OpenAiError(401, INVALID_REQUEST, "invalid_api_key", null,
                    "Missing or invalid API key: send it as Authorization: Bearer KEY", OptionalInt.empty());
            case OVERLOADED -> unavailable(reason, "The router is serving as many sessions as it may; retry later");
            case POOL_EXHAUSTED -> unavailable(reason, "Every bot of pool '" + pool + "' is busy; retry later");
            case TIMEOUT -> unavailable(reason, "No bot of pool '" + pool + "' became free within the deadline");
            case CLAIM_FAILED -> unavailable(reason, "The bots of pool '" + pool + "' refused this router's claims; retry later");
        };
    }

    private static OpenAiError unavailable(RejectReason reason, String message) {
        return new OpenAiError(503, SERVER_ERROR, reason.wire(), null, message, NOW);
    }

    public JsonObject json() {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                .put("param", param).put("code", code));
    }
}
