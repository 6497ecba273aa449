package io.warmpool.router.routing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** A frame from a chat client, parsed and checked; anything else is {@link Invalid}, never an exception. */
public sealed interface ClientFrame {
    record Message(String text) implements ClientFrame {
    }

    record End() implements ClientFrame {
    }

    /** Answered with an {@code error} frame; the session goes on. */
    record Invalid(String code, String message) implements ClientFrame {
    }

    static ClientFrame parse(String raw) {
        JsonObject json;
        try {
            json = new JsonObject(raw);
        } catch (DecodeException | ClassCastException e) {
            return new Invalid("bad_json", "a frame must be a JSON object");
        }
        Object type = json.getValue("type");
        if ("message".equals(type)) {
            Object text = json.getValue("text");
            if (!(text instanceof String s) || s.isBlank()) {
                return new Invalid("empty_text", "a message needs a non-empty text");
            }
            return new Message(s);
        }
        if ("end".equals(type)) {
            return new End();
        }
        return new Invalid("unknown_type", "unknown frame type; expected message or end");
    }
}
