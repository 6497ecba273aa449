package io.warmpool.poolmanager.pool;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.WarmpoolEvent;
import java.util.List;
import java.util.function.Supplier;

/** Builders for the pool tests: heartbeats and requests with just the fields that matter. */
final class Fixtures {
    static final String POOL = "default";
    static final Endpoint ENDPOINT = new Endpoint("bot.local", 9000);

    private Fixtures() {
    }

    static PoolPolicy policy(int min, int max) {
        return policy(min, max, AfterSession.RETIRE);
    }

    static PoolPolicy policy(int min, int max, AfterSession afterSession) {
        return new PoolPolicy(min, max, 10, 30_000, 5_000, 1_000, 3, 20_000, 1_000, afterSession);
    }

    static Supplier<String> ids() {
        int[] n = {0};
        return () -> "p" + (++n[0]);
    }

    static BotHeartbeat hb(String bot, BotState state, long seq, long sentAt) {
        return hb(bot, state, null, null, seq, sentAt);
    }

    static BotHeartbeat hb(String bot, BotState state, String session, String provisionId, long seq, long sentAt) {
        Endpoint endpoint = state == BotState.STARTING || state == BotState.EXITING ? null : ENDPOINT;
        Long readyAt = state == BotState.STARTING ? null : sentAt;
        return BotHeartbeat.of(bot, POOL, state, endpoint, session, provisionId, seq, 0, readyAt, sentAt);
    }

    static SessionRequested request(String session, long at, long deadline) {
        return SessionRequested.of(session, POOL, "router-1", 1, at, deadline);
    }

    static <T extends WarmpoolEvent> List<T> only(Effects effects, Class<T> type) {
        return effects.events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
