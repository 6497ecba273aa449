package io.warmpool.events;

/**
 * A router says it is alive to the allocator of a pool in which it waits for bots, every
 * {@code intervalMs} while it does. The allocator drops the queued requests of a router it has not
 * heard for a few intervals while it hears the rest of the pool's input (silence of the whole
 * input is no evidence).
 *
 * @param waiting the router's sessions of this pool that wait for a bot (queued or claiming)
 */
public record RouterHeartbeat(String schemaVersion, String routerId, String pool, int waiting, long intervalMs,
                              long sentAt) implements WarmpoolEvent {
    public RouterHeartbeat {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("routerId", routerId);
        Require.id("pool", pool);
        Require.notNegative("waiting", waiting);
        if (intervalMs <= 0) {
            throw new InvalidFieldException("intervalMs", "must be positive but was " + intervalMs);
        }
        Require.notNegative("sentAt", sentAt);
    }

    public static RouterHeartbeat of(String routerId, String pool, int waiting, long intervalMs, long sentAt) {
        return new RouterHeartbeat(SchemaVersion.CURRENT, routerId, pool, waiting, intervalMs, sentAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return sentAt;
    }
}
