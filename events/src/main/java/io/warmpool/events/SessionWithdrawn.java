package io.warmpool.events;

/**
 * A router no longer waits for a bot for this session: its client left (or ended) before a bot was
 * claimed. The allocator drops the session's queued requests, so no bot is parked for it and it
 * drives no deficit. Sent at most once per session; readers tolerate duplicates.
 */
public record SessionWithdrawn(String schemaVersion, String sessionId, String pool, String routerId,
                               EndReason reason, long withdrawnAt) implements WarmpoolEvent {
    public SessionWithdrawn {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.id("pool", pool);
        Require.id("routerId", routerId);
        Require.present("reason", reason);
        Require.notNegative("withdrawnAt", withdrawnAt);
    }

    public static SessionWithdrawn of(String sessionId, String pool, String routerId, EndReason reason,
                                      long withdrawnAt) {
        return new SessionWithdrawn(SchemaVersion.CURRENT, sessionId, pool, routerId, reason, withdrawnAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return withdrawnAt;
    }
}
