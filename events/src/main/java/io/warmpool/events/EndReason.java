package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a session ended. */
public enum EndReason {
    /** The client sent {@code end}. */
    CLIENT_END,
    /** The client's socket closed or vanished. */
    CLIENT_GONE,
    /** The bot's socket dropped, or its heartbeats stopped. */
    BOT_LOST,
    /** No message for the idle timeout. */
    IDLE,
    /** The bot was asked to stop and drained the session. */
    BOT_SHUTDOWN,
    /** The bot ended the session on its own, e.g. its engine failed for good. */
    BOT_ERROR;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static EndReason of(String wire) {
        return WireEnum.parse(EndReason.class, "reason", wire);
    }

    /** The reason in a bot's {@code ended} frame; one this reader does not know is {@code bot_error}. */
    public static EndReason fromBot(String wire) {
        try {
            return of(wire);
        } catch (RuntimeException e) {
            return BOT_ERROR;
        }
    }
}
