package io.warmpool.analytics.app;

import io.warmpool.analytics.kafka.Windowing;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;

/** The analytics app's settings, read once from the environment (and the command line on top). */
public record AnalyticsConfig(KafkaSettings kafka, Windowing windowing, String applicationId, Path stateDir,
                              boolean fromBeginning) {
    public static final String WINDOW_MS = "WARMPOOL_ANALYTICS_WINDOW_MS";
    public static final String GRACE_MS = "WARMPOOL_ANALYTICS_GRACE_MS";
    public static final String MAX_GAP_MS = "WARMPOOL_ANALYTICS_MAX_GAP_MS";
    public static final String APPLICATION_ID = "WARMPOOL_ANALYTICS_APP_ID";
    public static final String STATE_DIR = "WARMPOOL_ANALYTICS_STATE_DIR";
    public static final String FROM_BEGINNING = "WARMPOOL_ANALYTICS_FROM_BEGINNING";

    public static AnalyticsConfig from(Env env) {
        KafkaSettings kafka = KafkaSettings.from(env);
        Duration window = env.millis(WINDOW_MS, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration grace = env.millis(GRACE_MS, Duration.ofSeconds(10), Duration.ZERO, Duration.ofDays(1));
        // A heartbeat stands for the bot's time until the next one, at most three intervals.
        long heartbeat = env.longValue("WARMPOOL_HEARTBEAT_MS", 1000, 10, 3_600_000);
        Duration maxGap = env.millis(MAX_GAP_MS, Duration.ofMillis(3 * heartbeat), Duration.ofMillis(1),
                Duration.ofHours(1));
        if (maxGap.compareTo(grace) > 0) {
            // Bot time is known when the next heartbeat comes, up to maxGap after it began.
            throw new ConfigException(MAX_GAP_MS + " (" + maxGap.toMillis() + ") must not exceed " + GRACE_MS + " ("
                    + grace.toMillis() + "): bot time would reach windows already closed");
        }
        String applicationId = env.text(APPLICATION_ID, kafka.topics().prefix() + "warmpool-analytics");
        Path stateDir = Path.of(env.text(STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "warmpool-analytics").toString()));
        return new AnalyticsConfig(kafka, new Windowing(window, grace, maxGap), applicationId, stateDir,
                env.bool(FROM_BEGINNING, false));
    }

    @Override
    public String toString() {
        return "bootstrap " + kafka.bootstrap() + ", windows of " + windowing.window().toMillis() + " ms (grace "
                + windowing.grace().toMillis() + " ms), application.id " + applicationId
                + (fromBeginning ? ", from the beginning" : "");
    }
}
