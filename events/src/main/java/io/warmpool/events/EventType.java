package io.warmpool.events;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The event names of docs/ARCHITECTURE.md. Each is a topic (before the prefix) and the {@code ce_type}. */
public enum EventType {
    SESSION_REQUESTED("session.requested", SessionRequested.class, "pool"),
    BOT_ASSIGNED("bot.assigned", BotAssigned.class, "sessionId"),
    SESSION_REJECTED("session.rejected", SessionRejected.class, "sessionId"),
    POOL_DEFICIT("pool.deficit", PoolDeficit.class, "pool"),
    BOT_HEARTBEAT("bot.heartbeat", BotHeartbeat.class, "pool"),
    SESSION_ENDED("session.ended", SessionEnded.class, "pool"),
    BOT_SPAWN_FAILED("bot.spawn.failed", BotSpawnFailed.class, "pool"),
    POOL_STATUS("pool.status", PoolStatus.class, "pool"),
    SESSION_WITHDRAWN("session.withdrawn", SessionWithdrawn.class, "pool"),
    ROUTER_HEARTBEAT("router.heartbeat", RouterHeartbeat.class, "pool"),
    CLAIM_FAILED("bot.claim.failed", ClaimFailed.class, "pool"),
    POOL_STATS("pool.stats", PoolStats.class, "pool");

    private static final Map<String, EventType> BY_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventType::eventName, Function.identity()));

    private final String eventName;
    private final Class<? extends WarmpoolEvent> recordType;
    private final String keyField;

    EventType(String eventName, Class<? extends WarmpoolEvent> recordType, String keyField) {
        this.eventName = eventName;
        this.recordType = recordType;
        this.keyField = keyField;
    }

    /** The name used as topic (after the prefix), {@code ce_type} and schema file name. */
    public String eventName() {
        return eventName;
    }

    public Class<? extends WarmpoolEvent> recordType() {
        return recordType;
    }

    /** The payload field whose value is the record key. */
    public String keyField() {
        return keyField;
    }

    public static Optional<EventType> byName(String eventName) {
        return Optional.ofNullable(BY_NAME.get(eventName));
    }

    static EventType of(Class<?> recordType) {
        for (EventType t : values()) {
            if (t.recordType == recordType) {
                return t;
            }
        }
        throw new IllegalArgumentException("not an event record: " + recordType);
    }
}
