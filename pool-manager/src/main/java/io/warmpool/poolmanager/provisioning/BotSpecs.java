package io.warmpool.poolmanager.provisioning;

import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a bot spawned for a pool: what every bot inherits, then the pool's own
 * settings that the allocator and the bot must agree on (reuse after a session, the heartbeat
 * interval its liveness counts on), written last so that they cannot disagree.
 */
public record BotSpecs(Map<String, String> inherited) {
    public static final String BOT_ID = "WARMPOOL_BOT_ID";
    public static final String POOL = "WARMPOOL_POOL";
    public static final String PROVISION_ID = "WARMPOOL_PROVISION_ID";
    public static final String REUSE = "WARMPOOL_BOT_REUSE";
    public static final String HEARTBEAT_MS = "WARMPOOL_HEARTBEAT_MS";

    public BotSpecs {
        inherited = Map.copyOf(inherited);
    }

    public BotSpec spec(String botId, String pool, String provisionId, PoolPolicy policy) {
        Map<String, String> env = new HashMap<>(inherited);
        env.put(BOT_ID, botId);
        env.put(POOL, pool);
        env.put(PROVISION_ID, provisionId);
        env.put(REUSE, Boolean.toString(policy.afterSession() == AfterSession.REUSE));
        env.put(HEARTBEAT_MS, Long.toString(policy.heartbeatMs()));
        return new BotSpec(botId, pool, provisionId, env);
    }
}
