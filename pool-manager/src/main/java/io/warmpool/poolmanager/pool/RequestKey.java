package io.warmpool.poolmanager.pool;

import io.warmpool.events.SessionRequested;

/** One attempt of one session: the unit a request is answered for, exactly once. */
public record RequestKey(String sessionId, int attempt) {
    public static RequestKey of(SessionRequested request) {
        return new RequestKey(request.sessionId(), request.attempt());
    }
}
