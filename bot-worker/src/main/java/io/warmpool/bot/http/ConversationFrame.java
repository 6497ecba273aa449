package io.warmpool.bot.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warmpool.bot.engine.Conversation;
import io.warmpool.bot.engine.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code messages} of a {@code conversation} frame: a whole conversation handed over at once (the
 * router's OpenAI-compatible front door sends one per request), each {@code {role, content}} with role
 * system, user or assistant. It replaces what the session said so far, and the bot answers it.
 */
final class ConversationFrame {
    private ConversationFrame() {
    }

    /** The conversation, or {@link IllegalArgumentException} naming the first bad field. */
    static Conversation parse(Object messages) {
        if (!(messages instanceof JsonArray list) || list.isEmpty()) {
            throw new IllegalArgumentException("messages must be a non-empty array");
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "messages[" + i + "]";
            if (!(list.getValue(i) instanceof JsonObject message)) {
                throw new IllegalArgumentException(field + " must be an object");
            }
            Turn.Role role = message.getValue("role") instanceof String r ? Turn.Role.of(r).orElse(null) : null;
            if (role == null) {
                throw new IllegalArgumentException(field + ".role must be system, user or assistant");
            }
            if (!(message.getValue("content") instanceof String content)) {
                throw new IllegalArgumentException(field + ".content must be a string");
            }
            turns.add(new Turn(role, content));
        }
        if (turns.stream().noneMatch(t -> t.role() == Turn.Role.USER && !t.text().isBlank())) {
            throw new IllegalArgumentException("messages must hold a user message with text");
        }
        return new Conversation(turns);
    }
}
