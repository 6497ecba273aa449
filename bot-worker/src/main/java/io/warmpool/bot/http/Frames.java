package io.warmpool.bot.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The client protocol's JSON text frames (docs/ARCHITECTURE.md, client protocol) as the bot speaks them. */
final class Frames {
    private Frames() {
    }

    static String token(String text) {
        return new JsonObject().put("type", "token").put("text", text).encode();
    }

    static String reply(String text) {
        return new JsonObject().put("type", "reply").put("text", text).encode();
    }

    static String error(String code, String message) {
        return new JsonObject().put("type", "error").put("code", code).put("message", message).encode();
    }

    static String ended(String reason) {
        return new JsonObject().put("type", "ended").put("reason", reason).encode();
    }

    /** The frame as a JSON object, or empty if it is not one. */
    static Optional<JsonObject> parse(String text) {
        try {
            Object value = Json.decodeValue(text);
            return value instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }
}
