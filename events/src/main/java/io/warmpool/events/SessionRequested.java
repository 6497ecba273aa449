package io.warmpool.events;

/**
 * A router asks for a bot for one session. {@code attempt} grows when a claim was lost (HTTP 409).
 * {@code channel} (schema 1.1) says which front door the client came through; a 1.0 payload, which
 * has none, came through the WebSocket.
 */
public record SessionRequested(String schemaVersion, String sessionId, String pool, String routerId, int attempt,
                               long requestedAt, long deadline, SessionChannel channel) implements WarmpoolEvent {
    /** This payload's version: 1.1 added {@code channel}. */
    public static final String SCHEMA_VERSION = SchemaVersion.MAJOR + ".1";

    public SessionRequested {
        schemaVersion = SchemaVersion.check(schemaVersion);
        channel = channel == null ? SessionChannel.WEBSOCKET : channel;
        Require.id("sessionId", sessionId);
        Require.id("pool", pool);
        Require.id("routerId", routerId);
        Require.positive("attempt", attempt);
        Require.notNegative("requestedAt", requestedAt);
        if (deadline < requestedAt) {
            throw new InvalidFieldException("deadline", "must not be before requestedAt");
        }
    }

    /** A request from a WebSocket client. */
    public static SessionRequested of(String sessionId, String pool, String routerId, int attempt, long requestedAt,
                                      long deadline) {
        return of(sessionId, pool, routerId, attempt, requestedAt, deadline, SessionChannel.WEBSOCKET);
    }

    public static SessionRequested of(String sessionId, String pool, String routerId, int attempt, long requestedAt,
                                      long deadline, SessionChannel channel) {
        Require.present("channel", channel);
        return new SessionRequested(SCHEMA_VERSION, sessionId, pool, routerId, attempt, requestedAt, deadline, channel);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return requestedAt;
    }
}
