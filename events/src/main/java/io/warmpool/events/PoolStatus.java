package io.warmpool.events;

import java.util.List;

/** The allocator's picture of one pool, published every second for status pages and analytics. */
public record PoolStatus(String schemaVersion, String pool, String allocatorId, PoolSnapshot snapshot,
                         List<BotView> bots, LatencySummary assignLatency, long emittedAt) implements WarmpoolEvent {
    public PoolStatus {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("pool", pool);
        Require.id("allocatorId", allocatorId);
        Require.present("snapshot", snapshot);
        bots = List.copyOf(Require.present("bots", bots));
        Require.present("assignLatency", assignLatency);
        Require.notNegative("emittedAt", emittedAt);
    }

    public static PoolStatus of(String pool, String allocatorId, PoolSnapshot snapshot, List<BotView> bots,
                                LatencySummary assignLatency, long emittedAt) {
        return new PoolStatus(SchemaVersion.CURRENT, pool, allocatorId, snapshot, bots, assignLatency, emittedAt);
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
