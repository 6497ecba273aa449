package io.warmpool.events;

/**
 * A session is over. {@code reportedBy} says who saw the end first: {@code router}, {@code bot} or
 * {@code allocator} (for {@code bot_lost}); readers must tolerate the same session ended twice.
 */
public record SessionEnded(String schemaVersion, String sessionId, String botId, String pool, EndReason reason,
                           String reportedBy, long durationMs, int messages, long endedAt) implements WarmpoolEvent {
    public SessionEnded {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.id("botId", botId);
        Require.id("pool", pool);
        Require.present("reason", reason);
        Require.id("reportedBy", reportedBy);
        Require.notNegative("durationMs", durationMs);
        Require.notNegative("messages", messages);
        Require.notNegative("endedAt", endedAt);
    }

    public static SessionEnded of(String sessionId, String botId, String pool, EndReason reason, String reportedBy,
                                  long durationMs, int messages, long endedAt) {
        return new SessionEnded(SchemaVersion.CURRENT, sessionId, botId, pool, reason, reportedBy, durationMs,
                messages, endedAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return endedAt;
    }
}
