package io.warmpool.poolmanager.provisioning;

import java.util.Map;

/** What to start: one bot of a pool for a provisionId, with the environment the bot worker reads. */
public record BotSpec(String botId, String pool, String provisionId, Map<String, String> env) {
    public BotSpec {
        env = Map.copyOf(env);
    }
}
