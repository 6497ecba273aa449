package io.warmpool.bot.engine;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One line of a streamed chat completion (server-sent events): {@code data: {chunk}} carries a piece
 * of the reply in {@code choices[0].delta.content}, {@code data: [DONE]} ends the stream; blank lines,
 * comments and other fields carry nothing for us.
 */
record SseLine(String token, boolean done) {
    private static final SseLine NOTHING = new SseLine("", false);
    private static final SseLine DONE = new SseLine("", true);

    /** @throws IllegalArgumentException when a data line is not a chat completion chunk */
    static SseLine parse(String line) {
        if (!line.startsWith("data:")) {
            return NOTHING;
        }
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) {
            return DONE;
        }
        try {
            JsonArray choices = new JsonObject(data).getJsonArray("choices");
            if (choices == null || choices.isEmpty()) {
                return NOTHING;
            }
            JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
            String content = delta == null ? null : delta.getString("content");
            return content == null ? NOTHING : new SseLine(content, false);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a chat completion chunk: " + e.getMessage(), e);
        }
    }
}
