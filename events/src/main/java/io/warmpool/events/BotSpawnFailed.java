package io.warmpool.events;

/** The provisioner could not start {@code count} of the bots of a provisionId. */
public record BotSpawnFailed(String schemaVersion, String provisionId, String pool, int count, String error,
                             long failedAt) implements WarmpoolEvent {
    public BotSpawnFailed {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("provisionId", provisionId);
        Require.id("pool", pool);
        Require.positive("count", count);
        Require.text("error", error);
        Require.notNegative("failedAt", failedAt);
    }

    public static BotSpawnFailed of(String provisionId, String pool, int count, String error, long failedAt) {
        return new BotSpawnFailed(SchemaVersion.CURRENT, provisionId, pool, count, error, failedAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return failedAt;
    }
}
