package io.warmpool.analytics.app;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar warmpool-analytics.jar [--bootstrap B] [--from-beginning]}: the analytics app
 * alone, against any warmpool installation. Configured by {@code WARMPOOL_*} variables; the flags win.
 */
public final class AnalyticsMain {
    static final String USAGE = """
            usage: java -jar warmpool-analytics.jar [--bootstrap HOST:PORT] [--from-beginning]
              --bootstrap B       Kafka bootstrap servers (default WARMPOOL_KAFKA_BOOTSTRAP, else localhost:9092)
              --from-beginning    on the first run (a new WARMPOOL_ANALYTICS_APP_ID), read every retained event;
                                  otherwise start from now. Later runs go on where the last one stopped.
            Settings: WARMPOOL_TOPIC_PREFIX, WARMPOOL_ANALYTICS_WINDOW_MS (60000), _GRACE_MS (10000),
            _MAX_GAP_MS (3 heartbeats), _APP_ID, _STATE_DIR, KAFKA_* client settings.""";

    private AnalyticsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env;
        try {
            env = withFlags(System.getenv(), List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool-analytics: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (env == null) {
            System.out.println(USAGE);
            return;
        }
        Analytics analytics;
        try {
            analytics = Analytics.start(AnalyticsConfig.from(Env.of(env)), Duration.ofMinutes(10));
        } catch (ConfigException | IllegalStateException e) {
            System.err.println("warmpool-analytics: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            analytics.close();
            stopped.countDown();
        }, "analytics-stop"));
        stopped.await();
    }

    /** The environment with the command line's flags on top; null when help was asked for. */
    static Map<String, String> withFlags(Map<String, String> base, List<String> args) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--bootstrap" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--bootstrap needs a value");
                    }
                    env.put("WARMPOOL_KAFKA_BOOTSTRAP", args.get(++i));
                }
                case "--from-beginning" -> env.put(AnalyticsConfig.FROM_BEGINNING, "true");
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        return env;
    }
}
