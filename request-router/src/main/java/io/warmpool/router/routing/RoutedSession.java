package io.warmpool.router.routing;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.SessionRejected;
import io.warmpool.router.session.Session;
import io.warmpool.router.session.SessionState;

/**
 * A session waiting on this router, whatever its front door (chat WebSocket or OpenAI-compatible
 * HTTP): what the {@link SessionRegistry} hands it from the answer topics. Called on the router's event loop.
 */
public interface RoutedSession {
    Session session();

    default String sessionId() {
        return session().sessionId();
    }

    default String pool() {
        return session().pool();
    }

    /** Queued or claiming: the allocator of its pool holds a request of this router for it. */
    default boolean waitsForABot() {
        return session().state() == SessionState.QUEUED || session().state() == SessionState.CLAIMING;
    }

    void onAssigned(BotAssigned assigned);

    void onRejected(SessionRejected rejected);
}
