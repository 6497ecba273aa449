package io.warmpool.poolmanager.app;

import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The pool manager's settings, read once at start; a bad value stops it with a message naming the variable.
 *
 * @param allocatorId names this instance in {@code pool.status} and in provisionIds
 * @param groupId     the allocators' consumer group: its members split the pools
 * @param tick        how often deadlines, claims, liveness and spawns are checked
 * @param statusEvery how often {@code pool.status} is published per owned pool
 */
public record PoolManagerConfig(KafkaSettings kafka, Map<String, PoolPolicy> pools, Set<Role> roles,
                                String allocatorId, String groupId, int httpPort, Duration tick,
                                Duration statusEvery) {
    public static final String POOLS = PoolsSetting.NAME;
    public static final String ROLES = "WARMPOOL_ROLES";
    public static final String ALLOCATOR_ID = "WARMPOOL_ALLOCATOR_ID";
    public static final String GROUP = "WARMPOOL_ALLOCATOR_GROUP";
    public static final String HTTP_PORT = "WARMPOOL_HTTP_PORT";
    public static final String TICK_MS = "WARMPOOL_TICK_MS";
    public static final String STATUS_MS = "WARMPOOL_STATUS_MS";
    public static final String HEARTBEAT_MS = "WARMPOOL_HEARTBEAT_MS";
    public static final String BOT_REUSE = "WARMPOOL_BOT_REUSE";
    public static final String EXACTLY_ONCE = "WARMPOOL_EXACTLY_ONCE";

    public PoolManagerConfig {
        pools = Map.copyOf(pools);
        roles = Set.copyOf(roles);
    }

    public static PoolManagerConfig from(Env env) {
        if (env.bool(EXACTLY_ONCE, false)) {
            throw new ConfigException(EXACTLY_ONCE + "=true is not supported: the allocator holds a queued request's "
                    + "offset until its answer, so offsets cannot be committed in the transaction of the records that "
                    + "produced the outputs; it runs at-least-once (see docs/ARCHITECTURE.md, claim protocol)");
        }
        PoolPolicy d = PoolPolicy.defaults();
        long heartbeat = env.longValue(HEARTBEAT_MS, d.heartbeatMs(), 10, 600_000);
        AfterSession after = env.bool(BOT_REUSE, false) ? AfterSession.REUSE : AfterSession.RETIRE;
        PoolPolicy defaults = new PoolPolicy(d.minReady(), d.maxBots(), d.queueCapacity(), d.maxWaitMs(),
                d.claimTimeoutMs(), heartbeat, d.missedHeartbeats(), d.spawnTimeoutMs(), d.spawnBackoffMs(), after);
        Map<String, PoolPolicy> pools = PoolsSetting.parse(env.text(POOLS, "default:min=3,max=20"), defaults);
        String id = env.text(ALLOCATOR_ID, env.text("HOSTNAME", "allocator") + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        return new PoolManagerConfig(KafkaSettings.from(env), pools, roles(env), id,
                env.text(GROUP, "warmpool-allocator"), env.integer(HTTP_PORT, 8081, 0, 65535),
                env.millis(TICK_MS, Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(10)),
                env.millis(STATUS_MS, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1)));
    }

    private static Set<Role> roles(Env env) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : env.list(ROLES, List.of("allocator", "provisioner"))) {
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ROLES + ": '" + name + "' is not one of allocator, provisioner");
            }
        }
        if (roles.isEmpty()) {
            throw new ConfigException(ROLES + " names no role");
        }
        return roles;
    }
}
