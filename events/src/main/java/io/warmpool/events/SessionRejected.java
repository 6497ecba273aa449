package io.warmpool.events;

/** A session request that gets no bot, with the reason the client is shown. */
public record SessionRejected(String schemaVersion, String sessionId, int attempt, String routerId, String pool,
                              RejectReason reason, long rejectedAt) implements WarmpoolEvent {
    public SessionRejected {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.positive("attempt", attempt);
        Require.id("routerId", routerId);
        Require.text("pool", pool);
        Require.present("reason", reason);
        Require.notNegative("rejectedAt", rejectedAt);
    }

    public static SessionRejected of(String sessionId, int attempt, String routerId, String pool, RejectReason reason,
                                     long rejectedAt) {
        return new SessionRejected(SchemaVersion.CURRENT, sessionId, attempt, routerId, pool, reason, rejectedAt);
    }

    @Override
    public String key() {
        return sessionId;
    }

    @Override
    public long occurredAt() {
        return rejectedAt;
    }
}
