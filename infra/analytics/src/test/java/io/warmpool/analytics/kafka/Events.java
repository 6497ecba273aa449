package io.warmpool.analytics.kafka;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;

/** Short constructors of the events the topology reads, at event time {@code at}. */
final class Events {
    /** 2026-01-01T00:00:00Z: the start of a window of any length that divides a day. */
    static final long T = 1_767_225_600_000L;
    static final Endpoint ENDPOINT = new Endpoint("localhost", 4000);

    private Events() {
    }

    static SessionRequested requested(String pool, String session, int attempt, long at) {
        return SessionRequested.of(session, pool, "router-1", attempt, at, at + 30_000);
    }

    static BotAssigned assigned(String pool, String session, long queuedMs, long at) {
        return BotAssigned.of(session, 1, "router-1", "bot-" + session, pool, ENDPOINT, at, queuedMs);
    }

    static SessionRejected rejected(String pool, String session, RejectReason reason, long at) {
        return SessionRejected.of(session, 1, "router-1", pool, reason, at);
    }

    static SessionEnded ended(String pool, String session, EndReason reason, String by, long durationMs, long at) {
        return SessionEnded.of(session, "bot-" + session, pool, reason, by, durationMs, 3, at);
    }

    static BotHeartbeat heartbeat(String pool, String bot, BotState state, long seq, long at) {
        return heartbeat(pool, bot, null, state, seq, at, null);
    }

    static BotHeartbeat heartbeat(String pool, String bot, String provisionId, BotState state, long seq, long at,
                                  Long readyAt) {
        return BotHeartbeat.of(bot, pool, state, state == BotState.STARTING ? null : ENDPOINT,
                state == BotState.BUSY ? "s-" + bot : null, provisionId, seq, at - 10_000, readyAt, at);
    }

    static PoolDeficit deficit(String pool, String provisionId, int missing, long at) {
        return PoolDeficit.of(pool, missing, provisionId, PoolSnapshot.empty(10), at);
    }
}
