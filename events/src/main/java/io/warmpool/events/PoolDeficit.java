package io.warmpool.events;

/** The allocator asks for {@code missing} new bots; the provisioner handles each provisionId once. */
public record PoolDeficit(String schemaVersion, String pool, int missing, String provisionId, PoolSnapshot snapshot,
                          long emittedAt) implements WarmpoolEvent {
    public PoolDeficit {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("pool", pool);
        Require.positive("missing", missing);
        Require.id("provisionId", provisionId);
        Require.present("snapshot", snapshot);
        Require.notNegative("emittedAt", emittedAt);
    }

    public static PoolDeficit of(String pool, int missing, String provisionId, PoolSnapshot snapshot, long emittedAt) {
        return new PoolDeficit(SchemaVersion.CURRENT, pool, missing, provisionId, snapshot, emittedAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return emittedAt;
    }
}
