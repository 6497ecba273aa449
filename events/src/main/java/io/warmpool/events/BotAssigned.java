package io.warmpool.events;

/** The allocator hands a READY bot to a session. The router then claims it on {@code endpoint}. */
public record BotAssigned(String schemaVersion, String sessionId, int attempt, String routerId, String botId,
                          String pool, Endpoint endpoint, long assignedAt, long queuedMs) implements WarmpoolEvent {
    public BotAssigned {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.positive("attempt", attempt);
        Require.id("routerId", routerId);
        Require.id("botId", botId);
        Require.id("pool", pool);
        Require.present("endpoint", endpoint);
        Require.notNegative("assignedAt", assignedAt);
        Require.notNegative("queuedMs", queuedMs);
    }

    public static BotAssigned of(String sessionId, int attempt, String routerId, String botId, String pool,
                                 Endpoint endpoint, long assignedAt, long queuedMs) {
        return new BotAssigned(SchemaVersion.CURRENT, sessionId, attempt, routerId, botId, pool, endpoint, assignedAt,
                queuedMs);
    }

    @Override
    public String key() {
        return sessionId;
    }

    @Override
    public long occurredAt() {
        return assignedAt;
    }
}
