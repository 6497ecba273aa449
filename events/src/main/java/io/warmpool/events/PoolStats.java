package io.warmpool.events;

/**
 * One pool's figures over one window of event time {@code [windowStart, windowEnd)}, published by
 * the analytics app once the window has closed, so that any consumer can read them without
 * recomputing them from the other topics.
 */
public record PoolStats(String schemaVersion, String pool, long windowStart, long windowEnd, SessionCounts sessions,
                        Distribution timeToAssignedMs, Distribution sessionDurationMs, BotTime bots,
                        SpawnCounts spawns) implements WarmpoolEvent {
    public PoolStats {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("pool", pool);
        Require.notNegative("windowStart", windowStart);
        if (windowEnd <= windowStart) {
            throw new InvalidFieldException("windowEnd", "must be after windowStart");
        }
        Require.present("sessions", sessions);
        Require.present("timeToAssignedMs", timeToAssignedMs);
        Require.present("sessionDurationMs", sessionDurationMs);
        Require.present("bots", bots);
        Require.present("spawns", spawns);
    }

    public static PoolStats of(String pool, long windowStart, long windowEnd, SessionCounts sessions,
                               Distribution timeToAssignedMs, Distribution sessionDurationMs, BotTime bots,
                               SpawnCounts spawns) {
        return new PoolStats(SchemaVersion.CURRENT, pool, windowStart, windowEnd, sessions, timeToAssignedMs,
                sessionDurationMs, bots, spawns);
    }

    @Override
    public String key() {
        return pool;
    }

    /** The window's end: the figures describe everything before it. */
    @Override
    public long occurredAt() {
        return windowEnd;
    }
}
