package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The router's front door a session came through: its chat WebSocket or its OpenAI-compatible HTTP API. */
public enum SessionChannel {
    WEBSOCKET, HTTP;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static SessionChannel of(String wire) {
        return WireEnum.parse(SessionChannel.class, "channel", wire);
    }
}
