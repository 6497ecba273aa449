package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A bot's report of itself, sent every heartbeat interval and at once on every state change.
 * {@code seq} grows by one per heartbeat so that a reader can drop stale ones. {@code pod} names
 * the Kubernetes pod of a bot that runs in one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotHeartbeat(String schemaVersion, String botId, String pool, BotState state, Endpoint endpoint,
                           String sessionId, String provisionId, long seq, long startedAt, Long readyAt, long sentAt,
                           PodRef pod)
        implements WarmpoolEvent {
    public BotHeartbeat {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("botId", botId);
        Require.id("pool", pool);
        Require.present("state", state);
        if (endpoint == null && (state == BotState.READY || state == BotState.BUSY)) {
            throw new InvalidFieldException("endpoint", "is required when state is " + state);
        }
        Require.optionalId("sessionId", sessionId);
        Require.optionalId("provisionId", provisionId);
        Require.notNegative("seq", seq);
        Require.notNegative("startedAt", startedAt);
        if (readyAt != null) {
            Require.notNegative("readyAt", readyAt);
        }
        Require.notNegative("sentAt", sentAt);
    }

    public static BotHeartbeat of(String botId, String pool, BotState state, Endpoint endpoint, String sessionId,
                                  String provisionId, long seq, long startedAt, Long readyAt, long sentAt) {
        return new BotHeartbeat(SchemaVersion.CURRENT, botId, pool, state, endpoint, sessionId, provisionId, seq,
                startedAt, readyAt, sentAt, null);
    }

    /** This heartbeat from a bot in {@code pod} (none: {@code null}). */
    public BotHeartbeat withPod(PodRef pod) {
        return new BotHeartbeat(schemaVersion, botId, pool, state, endpoint, sessionId, provisionId, seq, startedAt,
                readyAt, sentAt, pod);
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
