package io.warmpool.poolmanager.app;

import io.warmpool.poolmanager.provisioning.docker.DockerSettings;
import io.warmpool.poolmanager.provisioning.kubernetes.KubernetesSettings;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioner's settings, read once from the environment.
 *
 * @param kind              {@code WARMPOOL_PROVISIONER}: process (default), docker or kubernetes
 * @param maxConcurrentSpawns {@code WARMPOOL_MAX_CONCURRENT_SPAWNS} (default: the machine's cores): bots booting
 *                          at once, from the spawn to the first heartbeat (a JVM start takes about a core)
 * @param bootTimeout       {@code WARMPOOL_BOOT_TIMEOUT_MS} (default 20000): a boot not heard from by then gives
 *                          its spawn slot up
 * @param botNice           {@code WARMPOOL_BOT_NICE} (default 10, 0 = off): process bots run at this lower
 *                          scheduling priority than the services
 * @param reconcileEvery    {@code WARMPOOL_RECONCILE_MS} (default 5000)
 * @param spawnTimeout      {@code WARMPOOL_SPAWN_TIMEOUT_MS} (default 60000): a bot not heard from by then is stopped
 * @param silenceTimeout    {@code WARMPOOL_BOT_SILENCE_MS} (default 10000): a bot silent that long is stopped
 * @param stopGrace         {@code WARMPOOL_BOT_STOP_GRACE_MS} (default 10000): SIGTERM, then SIGKILL after this
 * @param botDir            {@code WARMPOOL_BOT_DIR} (default {@code .warmpool/bots}): pid and log files of process bots
 * @param botJar            {@code WARMPOOL_BOT_JAR}: the bot worker jar for process bots (default: this class path)
 * @param botJvmOpts        {@code WARMPOOL_BOT_JVM_OPTS}
 * @param botEnv            what every bot inherits: the Kafka, claim, warm-up, heartbeat, engine settings
 * @param deficitGroup      {@code WARMPOOL_PROVISIONER_GROUP} (default {@code warmpool-provisioner}): the
 *                          provisioners' consumer group; each deficit is handled by one member
 * @param docker            the docker provisioner's settings, read when {@code kind} is docker
 */
public record ProvisionerConfig(String deficitGroup, Kind kind, int maxConcurrentSpawns, Duration bootTimeout,
                                int botNice, Duration reconcileEvery, Duration spawnTimeout,
                                Duration silenceTimeout, Duration stopGrace, Path botDir, Optional<Path> botJar,
                                String botJvmOpts, Map<String, String> botEnv, Optional<DockerSettings> docker,
                                Optional<KubernetesSettings> kubernetes) {
    public enum Kind { PROCESS, DOCKER, KUBERNETES }

    /** Settings handed down to every bot; {@code WARMPOOL_BOT_KAFKA_BOOTSTRAP} overrides the bootstrap for bots. */
    private static final java.util.List<String> INHERITED = java.util.List.of("WARMPOOL_KAFKA_BOOTSTRAP",
            "WARMPOOL_TOPIC_PREFIX", "WARMPOOL_CLAIM_KEY", "WARMPOOL_HEARTBEAT_MS");

    public ProvisionerConfig {
        botEnv = Map.copyOf(botEnv);
    }

    public static ProvisionerConfig from(Env env) {
        Map<String, String> botEnv = new HashMap<>();
        env.asMap().forEach((k, v) -> {
            boolean forBots = INHERITED.contains(k) || k.startsWith("KAFKA_") || k.startsWith("WARMPOOL_OPENAI_")
                    || (k.startsWith("WARMPOOL_BOT_") && !k.equals("WARMPOOL_BOT_JAR") && !k.equals("WARMPOOL_BOT_DIR")
                    && !k.equals("WARMPOOL_BOT_JVM_OPTS") && !k.equals("WARMPOOL_BOT_IMAGE")
                    && !k.equals("WARMPOOL_BOT_NICE"));
            if (forBots) {
                botEnv.put(k, v);
            }
        });
        env.optional("WARMPOOL_BOT_KAFKA_BOOTSTRAP").ifPresent(b -> botEnv.put("WARMPOOL_KAFKA_BOOTSTRAP", b));
        botEnv.remove("WARMPOOL_BOT_KAFKA_BOOTSTRAP");
        if (!botEnv.containsKey("WARMPOOL_CLAIM_KEY")) {
            throw new ConfigException("WARMPOOL_CLAIM_KEY is required: the provisioner hands it to every bot");
        }
        Kind kind = env.choice("WARMPOOL_PROVISIONER", Kind.class, Kind.PROCESS);
        return new ProvisionerConfig(
                env.text("WARMPOOL_PROVISIONER_GROUP", "warmpool-provisioner"),
                kind,
                env.integer("WARMPOOL_MAX_CONCURRENT_SPAWNS", Runtime.getRuntime().availableProcessors(), 1, 64),
                env.millis("WARMPOOL_BOOT_TIMEOUT_MS", Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofHours(1)),
                env.integer("WARMPOOL_BOT_NICE", 10, 0, 19),
                env.millis("WARMPOOL_RECONCILE_MS", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10)),
                env.millis("WARMPOOL_SPAWN_TIMEOUT_MS", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)),
                env.millis("WARMPOOL_BOT_SILENCE_MS", Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofHours(1)),
                env.millis("WARMPOOL_BOT_STOP_GRACE_MS", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                Path.of(env.text("WARMPOOL_BOT_DIR", ".warmpool/bots")),
                env.optional("WARMPOOL_BOT_JAR").map(Path::of),
                env.text("WARMPOOL_BOT_JVM_OPTS", io.warmpool.poolmanager.provisioning.process.BotLaunch.DEFAULT_JVM_OPTS),
                botEnv,
                kind == Kind.DOCKER ? Optional.of(DockerSettings.from(env)) : Optional.empty(),
                kind == Kind.KUBERNETES ? Optional.of(KubernetesSettings.from(env)) : Optional.empty());
    }
}
