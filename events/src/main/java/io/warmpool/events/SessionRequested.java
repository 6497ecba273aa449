package io.warmpool.events;

/** A router asks for a bot for one session. {@code attempt} grows when a claim was lost (HTTP 409). */
public record SessionRequested(String schemaVersion, String sessionId, String pool, String routerId, int attempt,
                               long requestedAt, long deadline) implements WarmpoolEvent {
    public SessionRequested {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.id("pool", pool);
        Require.id("routerId", routerId);
        Require.positive("attempt", attempt);
        Require.notNegative("requestedAt", requestedAt);
        if (deadline < requestedAt) {
            throw new InvalidFieldException("deadline", "must not be before requestedAt");
        }
    }

    public static SessionRequested of(String sessionId, String pool, String routerId, int attempt, long requestedAt,
                                      long deadline) {
        return new SessionRequested(SchemaVersion.CURRENT, sessionId, pool, routerId, attempt, requestedAt, deadline);
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
