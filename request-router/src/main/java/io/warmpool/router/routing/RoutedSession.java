package io.warmpool.router.routing;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.SessionRejected;

/**
 * A session waiting on this router, whatever its front door (chat WebSocket or OpenAI-compatible
 * HTTP): what the {@link SessionRegistry} hands it from the answer topics. Called on the router's event loop.
 */
public interface RoutedSession {
    String sessionId();

    void onAssigned(BotAssigned assigned);

    void onRejected(SessionRejected rejected);
}
