package io.warmpool.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Topic names: the event name behind a common prefix ({@code WARMPOOL_TOPIC_PREFIX}), so that
 * several warmpool installations can share one Kafka cluster.
 */
public record Topics(String prefix) {
    public static final String DEAD_LETTER = "warmpool.dlq";
    /**
     * What the allocator reads, each keyed by pool: created with one partition count, so that with the range
     * assignor partition P of every one lands on the same allocator, the owner of the pools hashed to P.
     */
    public static final List<EventType> ALLOCATOR_INPUTS = List.of(EventType.SESSION_REQUESTED,
            EventType.BOT_HEARTBEAT, EventType.SESSION_ENDED, EventType.BOT_SPAWN_FAILED, EventType.POOL_STATUS,
            EventType.SESSION_WITHDRAWN, EventType.ROUTER_HEARTBEAT, EventType.CLAIM_FAILED);
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]*");

    public Topics {
        if (prefix == null || !LEGAL.matcher(prefix).matches() || prefix.length() > 100) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-' "
                    + "(at most 100) but was '" + prefix + "'");
        }
    }

    public static Topics unprefixed() {
        return new Topics("");
    }

    public String of(EventType type) {
        return prefix + type.eventName();
    }

    public String deadLetter() {
        return prefix + DEAD_LETTER;
    }

    /** The event type a topic carries, if it is one of ours. */
    public Optional<EventType> typeOf(String topic) {
        if (topic == null || !topic.startsWith(prefix)) {
            return Optional.empty();
        }
        return EventType.byName(topic.substring(prefix.length()));
    }

    /** Every topic of an installation, the dead-letter topic included. */
    public List<String> all() {
        return Stream.concat(Arrays.stream(EventType.values()).map(this::of), Stream.of(deadLetter())).toList();
    }
}
