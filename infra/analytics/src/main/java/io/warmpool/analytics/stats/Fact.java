package io.warmpool.analytics.stats;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.warmpool.events.BotState;

/** One thing that counts towards a pool's window, derived from an event: what {@link WindowTally} adds up. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Fact.Requested.class, name = "requested"),
        @JsonSubTypes.Type(value = Fact.Assigned.class, name = "assigned"),
        @JsonSubTypes.Type(value = Fact.Rejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = Fact.Ended.class, name = "ended"),
        @JsonSubTypes.Type(value = Fact.BotTime.class, name = "botTime"),
        @JsonSubTypes.Type(value = Fact.SpawnsAsked.class, name = "spawnsAsked"),
        @JsonSubTypes.Type(value = Fact.SpawnsFailed.class, name = "spawnsFailed"),
        @JsonSubTypes.Type(value = Fact.ReadyAfterDeficit.class, name = "readyAfterDeficit")})
public sealed interface Fact {
    /** A session's first request (retries with attempt &gt; 1 are the same session). */
    record Requested() implements Fact {
    }

    /** A session got a bot after {@code queuedMs}. */
    record Assigned(long queuedMs) implements Fact {
    }

    record Rejected(String reason) implements Fact {
    }

    record Ended(String reason, long durationMs) implements Fact {
    }

    /** A bot spent {@code ms} in {@code state}. */
    record BotTime(BotState state, long ms) implements Fact {
    }

    record SpawnsAsked(long bots) implements Fact {
    }

    record SpawnsFailed(long bots) implements Fact {
    }

    /** A bot spawned for a deficit first reported READY {@code ms} after the deficit. */
    record ReadyAfterDeficit(long ms) implements Fact {
    }

    /** A fact at its event time, epoch ms: the window it falls in. */
    record Timed(long at, Fact fact) {
    }
}
