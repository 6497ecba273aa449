package io.warmpool.bot.heartbeat;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.PodRef;

/**
 * Builds a bot's heartbeats: {@code seq} grows by one per heartbeat, {@code readyAt} is stamped the
 * first time the bot reports READY and kept afterwards. Not thread-safe: one event loop sends them.
 */
public final class Heartbeats {
    private final String botId;
    private final String pool;
    private final String provisionId;
    private final long startedAt;
    private final PodRef pod;
    private long seq;
    private Long readyAt;

    /** @param pod the bot's Kubernetes pod, or {@code null} outside Kubernetes */
    public Heartbeats(String botId, String pool, String provisionId, PodRef pod, long startedAt) {
        this.botId = botId;
        this.pool = pool;
        this.provisionId = provisionId;
        this.pod = pod;
        this.startedAt = startedAt;
    }

    /** The next heartbeat; {@code endpoint} may be null only while STARTING or EXITING. */
    public BotHeartbeat next(BotState state, Endpoint endpoint, String sessionId, long now) {
        if (state == BotState.READY && readyAt == null) {
            readyAt = now;
        }
        return BotHeartbeat.of(botId, pool, state, endpoint, state == BotState.BUSY ? sessionId : null, provisionId,
                seq++, startedAt, readyAt, now).withPod(pod);
    }
}
