package io.warmpool.standalone;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone stack's command line. Flags become {@code WARMPOOL_*} settings layered over the
 * environment, so every service reads its configuration exactly as it would when run alone.
 */
public record StandaloneOptions(int port, int kafkaPort, Optional<String> externalKafka, Path dataDir,
                                boolean tempData, int minReady, int maxBots, Optional<Long> warmupMs,
                                String engine, String provisioner, boolean analytics, boolean help) {

    public static final String USAGE = """
            usage: ./warmpool run [options]
              --port N               router HTTP port (default 8080)
              --kafka-port N         embedded Kafka port on 127.0.0.1 (default 9092)
              --kafka BOOTSTRAP      use an external Kafka instead of the embedded one
              --data DIR             embedded Kafka data folder, kept across runs (default .warmpool/kafka)
              --temp                 embedded Kafka in a temporary folder, deleted at exit
              --min-ready N          bots kept READY in the default pool (default 3)
              --max-bots N           most bots the default pool may have (default 20)
                                     (both shape the default pool when WARMPOOL_POOLS is unset)
              --warmup-ms MS         each bot's simulated model loading time (default: the bot's, 3000)
              --engine rules|openai  the bots' chat engine (default rules; openai reads WARMPOOL_OPENAI_*)
              --provisioner process|docker   where bots run (default process: child JVMs)
              --no-analytics         do not run the analytics app (pool.stats, the charts on /pools)
              --help                 this text
            Every WARMPOOL_* environment variable still applies; flags win over it.""";

    public static StandaloneOptions parse(List<String> args) {
        Map<String, String> flags = new HashMap<>();
        boolean temp = false;
        boolean help = false;
        boolean analytics = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--temp" -> temp = true;
                case "--help", "-h" -> help = true;
                case "--no-analytics" -> analytics = false;
                case "--port", "--kafka-port", "--kafka", "--data", "--min-ready", "--max-bots", "--warmup-ms",
                        "--engine", "--provisioner" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
                    }
                    flags.put(arg, args.get(++i));
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        String engine = flags.getOrDefault("--engine", "rules");
        if (!engine.equals("rules") && !engine.equals("openai")) {
            throw new IllegalArgumentException("--engine must be rules or openai, not " + engine);
        }
        String provisioner = flags.getOrDefault("--provisioner", "process");
        if (!provisioner.equals("process") && !provisioner.equals("docker")) {
            throw new IllegalArgumentException("--provisioner must be process or docker, not " + provisioner);
        }
        int minReady = number(flags, "--min-ready", 3, 0, 1000);
        int maxBots = number(flags, "--max-bots", Math.max(20, minReady), 1, 10_000);
        if (minReady > maxBots) {
            throw new IllegalArgumentException("--min-ready " + minReady + " is above --max-bots " + maxBots);
        }
        return new StandaloneOptions(number(flags, "--port", 8080, 0, 65535),
                number(flags, "--kafka-port", 9092, 1, 65535), Optional.ofNullable(flags.get("--kafka")),
                Path.of(flags.getOrDefault("--data", ".warmpool/kafka")), temp, minReady, maxBots,
                Optional.ofNullable(flags.get("--warmup-ms")).map(v -> (long) number(flags, "--warmup-ms", 0, 0,
                        3_600_000)), engine, provisioner, analytics, help);
    }

    private static int number(Map<String, String> flags, String flag, int fallback, int min, int max) {
        String v = flags.get(flag);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be in " + min + ".." + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, not '" + v + "'");
        }
    }

    /** The settings every service of the stack reads: the environment, then these flags on top. */
    public Map<String, String> environment(Map<String, String> base, String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>(base);
        env.put("WARMPOOL_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("WARMPOOL_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("WARMPOOL_POOLS", "default:min=" + minReady + ",max=" + maxBots);
        env.put("WARMPOOL_PROVISIONER", provisioner);
        env.put("WARMPOOL_BOT_ENGINE", engine);
        warmupMs.ifPresent(ms -> env.put("WARMPOOL_BOT_WARMUP_MS", Long.toString(ms)));
        env.computeIfAbsent("WARMPOOL_CLAIM_KEY", k -> randomKey());
        return env;
    }

    private static String randomKey() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
