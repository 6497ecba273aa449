package io.warmpool.poolmanager.app;

import io.warmpool.events.Ids;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.runtime.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WARMPOOL_POOLS}: {@code name:key=value,key=value;name2:...}, for example
 * {@code default:min=3,max=20;big:min=1,max=4,queue=10,deadline=15000}. Keys: min, max, queue,
 * deadline, claimTimeout, spawnTimeout, backoff, heartbeat (milliseconds), missedHeartbeats, reuse.
 * Keys not given take the defaults.
 */
final class PoolsSetting {
    static final String NAME = "WARMPOOL_POOLS";

    private PoolsSetting() {
    }

    static Map<String, PoolPolicy> parse(String value, PoolPolicy defaults) {
        Map<String, PoolPolicy> pools = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = (colon < 0 ? entry : entry.substring(0, colon)).trim();
            if (!Ids.isPoolName(name)) {
                throw fail("pool name '" + name + "' must match " + Ids.POOL_NAME.pattern());
            }
            if (pools.containsKey(name)) {
                throw fail("pool '" + name + "' is listed twice");
            }
            pools.put(name, policy(name, colon < 0 ? "" : entry.substring(colon + 1), defaults));
        }
        if (pools.isEmpty()) {
            throw fail("names no pool");
        }
        return pools;
    }

    private static PoolPolicy policy(String pool, String keys, PoolPolicy d) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : keys.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] p = pair.split("=", 2);
            if (p.length != 2) {
                throw fail("pool '" + pool + "': '" + pair.trim() + "' is not key=value");
            }
            kv.put(p[0].trim(), p[1].trim());
        }
        Reader r = new Reader(pool, kv);
        PoolPolicy policy;
        try {
            policy = new PoolPolicy(r.integer("min", d.minReady()), r.integer("max", d.maxBots()),
                    r.integer("queue", d.queueCapacity()), r.millis("deadline", d.maxWaitMs()),
                    r.millis("claimTimeout", d.claimTimeoutMs()), r.millis("heartbeat", d.heartbeatMs()),
                    r.integer("missedHeartbeats", d.missedHeartbeats()), r.millis("spawnTimeout", d.spawnTimeoutMs()),
                    r.millis("backoff", d.spawnBackoffMs()), r.reuse(d.afterSession()));
        } catch (IllegalArgumentException e) {
            throw fail("pool '" + pool + "': " + e.getMessage());
        }
        if (!kv.isEmpty()) {
            throw fail("pool '" + pool + "': unknown key(s) " + kv.keySet());
        }
        return policy;
    }

    private static ConfigException fail(String problem) {
        return new ConfigException(NAME + ": " + problem);
    }

    /** Takes keys out of the map as it reads them, so that what is left over is unknown. */
    private record Reader(String pool, Map<String, String> kv) {
        int integer(String key, int fallback) {
            return (int) number(key, fallback);
        }

        long millis(String key, long fallback) {
            return number(key, fallback);
        }

        AfterSession reuse(AfterSession fallback) {
            String v = kv.remove("reuse");
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> AfterSession.REUSE;
                case "false" -> AfterSession.RETIRE;
                default -> throw fail("pool '" + pool + "': reuse='" + v + "' is not true or false");
            };
        }

        private long number(String key, long fallback) {
            String v = kv.remove(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw fail("pool '" + pool + "': " + key + "='" + v + "' is not a whole number");
            }
        }
    }
}
