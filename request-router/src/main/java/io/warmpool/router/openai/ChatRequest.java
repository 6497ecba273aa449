package io.warmpool.router.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code POST /v1/chat/completions} body as OpenAI defines it, checked. {@code model} names the pool;
 * unknown fields are ignored; {@code temperature} and {@code user} are checked but the engines do not
 * take them. {@code max_tokens} (or {@code max_completion_tokens}) cuts the reply after that many tokens.
 */
public record ChatRequest(String pool, List<ChatMessage> messages, boolean stream, Optional<Integer> maxTokens) {
    /** One message, its content flattened to text ({@code developer} is read as {@code system}). */
    public record ChatMessage(String role, String content) {
    }

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /** The request, or {@link InvalidRequest} naming the first field that is wrong. */
    public static ChatRequest parse(JsonObject body) {
        Object model = body.getValue("model");
        if (!(model instanceof String pool) || pool.isBlank()) {
            throw new InvalidRequest("model", "you must provide a model parameter: the name of a pool, e.g. default");
        }
        Object stream = body.getValue("stream");
        if (stream != null && !(stream instanceof Boolean)) {
            throw new InvalidRequest("stream", "stream must be a boolean");
        }
        Object n = body.getValue("n");
        if (n != null && !Integer.valueOf(1).equals(n)) {
            throw new InvalidRequest("n", "only n=1 is supported: one bot answers once");
        }
        Object temperature = body.getValue("temperature");
        if (temperature != null && !(temperature instanceof Number t && t.doubleValue() >= 0 && t.doubleValue() <= 2)) {
            throw new InvalidRequest("temperature", "temperature must be a number from 0 to 2");
        }
        Object user = body.getValue("user");
        if (user != null && !(user instanceof String)) {
            throw new InvalidRequest("user", "user must be a string");
        }
        return new ChatRequest(pool, messages(body.getValue("messages")), Boolean.TRUE.equals(stream),
                maxTokens(body));
    }

    private static List<ChatMessage> messages(Object value) {
        if (!(value instanceof JsonArray list) || list.isEmpty()) {
            throw new InvalidRequest("messages", "messages must be a non-empty array");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "messages[" + i + "]";
            if (!(list.getValue(i) instanceof JsonObject message)) {
                throw new InvalidRequest(field, field + " must be an object");
            }
            if (!(message.getValue("role") instanceof String role) || !ROLES.contains(role)) {
                throw new InvalidRequest(field + ".role", field + ".role must be one of system, developer, user, assistant");
            }
            messages.add(new ChatMessage("developer".equals(role) ? "system" : role,
                    content(field + ".content", role, message.getValue("content"))));
        }
        if (messages.stream().noneMatch(m -> m.role().equals("user") && !m.content().isBlank())) {
            throw new InvalidRequest("messages", "messages must hold at least one user message with text");
        }
        return messages;
    }

    /** A string, or an array of {@code {type: text, text}} parts joined; an assistant's may be null. */
    private static String content(String field, String role, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value == null && role.equals("assistant")) {
            return "";
        }
        if (value instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                if (!(parts.getValue(i) instanceof JsonObject part) || !"text".equals(part.getValue("type"))
                        || !(part.getValue("text") instanceof String piece)) {
                    throw new InvalidRequest(field + "[" + i + "]", field + "[" + i + "] must be a text part");
                }
                text.append(piece);
            }
            return text.toString();
        }
        throw new InvalidRequest(field, field + " must be a string or an array of text parts");
    }

    private static Optional<Integer> maxTokens(JsonObject body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            Object value = body.getValue(field);
            if (value == null) {
                continue;
            }
            if (!(value instanceof Integer max) || max < 1) {
                throw new InvalidRequest(field, field + " must be a positive integer");
            }
            return Optional.of(max);
        }
        return Optional.empty();
    }

    /** The conversation as the bot's {@code conversation} frame carries it. */
    public JsonObject conversationFrame() {
        JsonArray list = new JsonArray();
        messages.forEach(m -> list.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        return new JsonObject().put("type", "conversation").put("messages", list);
    }

    /** A body field that is missing or wrong: 400 with the field as {@code param}. */
    public static final class InvalidRequest extends RuntimeException {
        private final String param;

        public InvalidRequest(String param, String message) {
            super(message);
            this.param = param;
        }

        public String param() {
            return param;
        }
    }
}
