package io.warmpool.events;

/**
 * Every event warmpool publishes. Each record is the JSON payload of one topic; the envelope
 * (CloudEvents headers) is added by the codec.
 */
public sealed interface WarmpoolEvent
        permits SessionRequested, BotAssigned, SessionRejected, PoolDeficit, BotHeartbeat, SessionEnded,
        BotSpawnFailed, PoolStatus, SessionWithdrawn, RouterHeartbeat, ClaimFailed, PoolStats {

    String schemaVersion();

    /** The pool the event is about: analytics groups every event by it, whatever the record key. */
    String pool();

    /** The Kafka record key: all events about one pool share a partition, see docs/ARCHITECTURE.md. */
    String key();

    /** When the event happened, epoch milliseconds; it becomes {@code ce_time}. */
    long occurredAt();

    default EventType type() {
        return EventType.of(getClass());
    }
}
