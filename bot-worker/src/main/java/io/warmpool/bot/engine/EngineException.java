package io.warmpool.bot.engine;

/** The engine could not produce a reply; the message is safe to show to the client. */
public final class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }
}
