package io.warmpool.router.routing;

import io.vertx.core.json.JsonObject;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;

/** The frames the router itself writes to a client (the bot's frames are relayed as they are). */
final class ServerFrames {
    private ServerFrames() {
    }

    static String queued(String sessionId) {
        return new JsonObject().put("type", "queued").put("sessionId", sessionId).encode();
    }

    static String assigned(String sessionId, String botId, long queuedMs) {
        return new JsonObject().put("type", "assigned").put("sessionId", sessionId).put("botId", botId)
                .put("queuedMs", queuedMs).encode();
    }

    static String error(String code, String message) {
        return new JsonObject().put("type", "error").put("code", code).put("message", message).encode();
    }

    static String ended(EndReason reason) {
        return new JsonObject().put("type", "ended").put("reason", reason.wire()).encode();
    }

    static String rejected(RejectReason reason) {
        return new JsonObject().put("type", "rejected").put("reason", reason.wire()).encode();
    }

    static String message(String text) {
        return new JsonObject().put("type", "message").put("text", text).encode();
    }

    static String end() {
        return new JsonObject().put("type", "end").encode();
    }
}
