package io.warmpool.poolmanager.provisioning.docker;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the docker provisioner runs bots, read once from the environment.
 *
 * @param dockerHost      {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock})
 * @param apiVersion      {@code DOCKER_API_VERSION}; unset lets the engine speak its own version
 * @param image           {@code WARMPOOL_BOT_IMAGE} (default {@code warmpool/bot-worker:dev})
 * @param network         {@code WARMPOOL_DOCKER_NETWORK}: the network bots join and advertise their address on;
 *                        empty means Docker's default bridge
 * @param botPort         {@code WARMPOOL_DOCKER_BOT_PORT} (default 8090): the fixed port a bot listens on in
 *                        its container, the one the image's HEALTHCHECK probes
 * @param user            {@code WARMPOOL_DOCKER_USER} (default {@code 10001:10001}): never root
 * @param tmpfsSize       {@code WARMPOOL_DOCKER_TMPFS} (default {@code 64m}): the writable /tmp on a read-only root
 * @param limits          {@code WARMPOOL_DOCKER_MEMORY_MB}, {@code WARMPOOL_DOCKER_CPUS}, {@code WARMPOOL_DOCKER_PIDS}
 * @param poolLimits      {@code WARMPOOL_DOCKER_POOL_LIMITS}: per-pool overrides,
 *                        {@code pool:memory_mb=N,cpus=X,pids=N;pool2:...}
 * @param stopGrace       {@code WARMPOOL_BOT_STOP_GRACE_MS} (default 10000): SIGTERM, then SIGKILL, on close
 * @param connectTimeout  {@code WARMPOOL_DOCKER_CONNECT_TIMEOUT_MS} (default 3000)
 * @param responseTimeout {@code WARMPOOL_DOCKER_RESPONSE_TIMEOUT_MS} (default 60000); a stop waits for its grace
 *                        within one call, so graces are capped a few seconds below this
 * @param cpuShares       from {@code WARMPOOL_BOT_NICE} (default 10): a bot container's CPU weight against the
 *                        services' 1024, the weight the kernel gives a process of that niceness (110 at 10), so
 *                        that bots booting on a shared engine yield the CPU to the services as process bots do
 * @param installation    {@code WARMPOOL_INSTALLATION} (default: the topic prefix, or {@code warmpool}): the label
 *                        that tells this installation's bot containers from another's on the same engine; a pool
 *                        manager lists, adopts and removes only its own
 */
public record DockerSettings(String dockerHost, Optional<String> apiVersion, String image, Optional<String> network,
                             int botPort, String user, String tmpfsSize, BotLimits limits,
                             Map<String, BotLimits> poolLimits, Duration stopGrace, Duration connectTimeout,
                             Duration responseTimeout, int cpuShares, String installation) {

    public static final String DEFAULT_IMAGE = "warmpool/bot-worker:dev";
    static final String POOL_LIMITS = "WARMPOOL_DOCKER_POOL_LIMITS";

    public DockerSettings {
        poolLimits = Map.copyOf(poolLimits);
        if (!installation.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ConfigException("WARMPOOL_INSTALLATION must be 1 to 63 letters, digits, '_', '.' or '-' (got '"
                    + installation + "')");
        }
        if (responseTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException("WARMPOOL_DOCKER_RESPONSE_TIMEOUT_MS must be at least 10000");
        }
    }

    public static DockerSettings from(Env env) {
        BotLimits limits = BotLimits.DEFAULT.with("WARMPOOL_DOCKER_*", String.join(",",
                env.optional("WARMPOOL_DOCKER_MEMORY_MB").map(v -> "memory_mb=" + v).orElse(""),
                env.optional("WARMPOOL_DOCKER_CPUS").map(v -> "cpus=" + v).orElse(""),
                env.optional("WARMPOOL_DOCKER_PIDS").map(v -> "pids=" + v).orElse("")));
        return new DockerSettings(
                env.text("DOCKER_HOST", "unix:///var/run/docker.sock"),
                env.optional("DOCKER_API_VERSION"),
                env.text("WARMPOOL_BOT_IMAGE", DEFAULT_IMAGE),
                env.optional("WARMPOOL_DOCKER_NETWORK"),
                env.integer("WARMPOOL_DOCKER_BOT_PORT", 8090, 1, 65535),
                env.text("WARMPOOL_DOCKER_USER", "10001:10001"),
                env.text("WARMPOOL_DOCKER_TMPFS", "64m"),
                limits,
                env.optional(POOL_LIMITS).map(v -> poolLimits(v, limits)).orElse(Map.of()),
                env.millis("WARMPOOL_BOT_STOP_GRACE_MS", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                env.millis("WARMPOOL_DOCKER_CONNECT_TIMEOUT_MS", Duration.ofSeconds(3), Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                env.millis("WARMPOOL_DOCKER_RESPONSE_TIMEOUT_MS", Duration.ofSeconds(60), Duration.ofSeconds(10),
                        Duration.ofMinutes(30)),
                cpuShares(env.integer("WARMPOOL_BOT_NICE", 10, 0, 19)),
                env.text("WARMPOOL_INSTALLATION", installationFromPrefix(env.text("WARMPOOL_TOPIC_PREFIX", ""))));
    }

    /** The kernel's weight for a niceness (1024 at 0, each step about 1.25 times less): Docker's CPU shares. */
    static int cpuShares(int nice) {
        return (int) Math.round(1024 / Math.pow(1.25, nice));
    }

    // A topic prefix such as "team-a." names an installation already; the label keeps its valid characters.
    private static String installationFromPrefix(String prefix) {
        String name = prefix.replaceAll("[^A-Za-z0-9_.-]", "").replaceAll("^[_.-]+|[_.-]+$", "");
        return name.isEmpty() ? "warmpool" : name;
    }

    /** The limits for a pool: its override if it has one, else the defaults. */
    public BotLimits limitsFor(String pool) {
        return poolLimits.getOrDefault(pool, limits);
    }

    /** A stop's grace, capped so that the engine's answer still arrives within the response timeout. */
    Duration cappedGrace(Duration grace) {
        Duration max = responseTimeout.minusSeconds(5);
        return grace.compareTo(max) > 0 ? max : grace;
    }

    private static Map<String, BotLimits> poolLimits(String value, BotLimits defaults) {
        Map<String, BotLimits> pools = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(POOL_LIMITS + ": '" + entry.trim() + "' is not pool:key=value,...");
            }
            String pool = entry.substring(0, colon).trim();
            pools.put(pool, defaults.with(POOL_LIMITS + " (pool " + pool + ")", entry.substring(colon + 1)));
        }
        return pools;
    }
}
