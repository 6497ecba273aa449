package io.warmpool.bot.engine;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** Writes the bot's side of a conversation, streaming it piece by piece. */
public interface ChatEngine {

    /** Gets ready to answer (loads the model, opens connections); the bot turns READY when it succeeds. */
    Future<Void> warmUp();

    /**
     * Answers the conversation's last user turn: every piece of the reply goes to {@code tokens} as it is
     * produced, and the future completes with the whole reply (the pieces joined), or fails.
     */
    Future<String> reply(Conversation conversation, Consumer<String> tokens);
}
