package io.warmpool.poolmanager.provisioning.docker;

import io.warmpool.runtime.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one bot container may use. A bot is a small JVM: 384 MiB leaves its default heap (a quarter)
 * room for a Kafka producer and one chat; one CPU keeps its start short on a small machine; the
 * pids cap stops a runaway thread or fork bomb without starving the JVM's own threads.
 *
 * @param memoryBytes hard memory limit (swap is capped to the same value)
 * @param nanoCpus    CPU quota in billionths of a CPU (1_000_000_000 = one CPU)
 * @param pids        the most processes and threads the container may hold
 */
public record BotLimits(long memoryBytes, long nanoCpus, long pids) {
    public static final BotLimits DEFAULT = new BotLimits(384L << 20, 1_000_000_000L, 256);

    public BotLimits {
        if (memoryBytes < (6L << 20) || nanoCpus < 10_000_000L || pids < 16) {
            throw new ConfigException("bot limits too small: memory " + (memoryBytes >> 20) + " MiB (min 6), cpus "
                    + nanoCpus / 1e9 + " (min 0.01), pids " + pids + " (min 16)");
        }
    }

    /** Applies {@code memory_mb=N,cpus=X.Y,pids=N} (any subset) on top of these limits. */
    BotLimits with(String setting, String keys) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : keys.split(",")) {
            if (!pair.isBlank()) {
                String[] p = pair.split("=", 2);
                if (p.length != 2) {
                    throw new ConfigException(setting + ": '" + pair.trim() + "' is not key=value");
                }
                kv.put(p[0].trim(), p[1].trim());
            }
        }
        long memory = memoryBytes;
        long cpus = nanoCpus;
        long maxPids = pids;
        for (var e : kv.entrySet()) {
            switch (e.getKey()) {
                case "memory_mb" -> memory = number(setting, e.getKey(), e.getValue()).longValue() << 20;
                case "cpus" -> cpus = Math.round(number(setting, e.getKey(), e.getValue()).doubleValue() * 1e9);
                case "pids" -> maxPids = number(setting, e.getKey(), e.getValue()).longValue();
                default -> throw new ConfigException(setting + ": unknown key '" + e.getKey()
                        + "', expected memory_mb, cpus or pids");
            }
        }
        try {
            return new BotLimits(memory, cpus, maxPids);
        } catch (ConfigException ex) {
            throw new ConfigException(setting + ": " + ex.getMessage());
        }
    }

    private static Number number(String setting, String key, String value) {
        try {
            return key.equals("cpus") ? Double.parseDouble(value) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(setting + ": " + key + "='" + value + "' is not a number");
        }
    }
}
