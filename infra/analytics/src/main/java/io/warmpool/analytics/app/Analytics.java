package io.warmpool.analytics.app;

import io.warmpool.analytics.kafka.DecodeFailures;
import io.warmpool.analytics.kafka.StatsTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running topology: a {@link KafkaStreams} client, started once the input topics exist. */
public final class Analytics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Analytics.class);

    private final KafkaStreams streams;
    private final DecodeFailures failures;

    private Analytics(KafkaStreams streams, DecodeFailures failures) {
        this.streams = streams;
        this.failures = failures;
    }

    /**
     * Waits up to {@code topicWait} for the input topics (another service may be creating them),
     * starts, and waits as long again for the first assignment.
     */
    public static Analytics start(AnalyticsConfig config, Duration topicWait) throws InterruptedException {
        List<String> inputs = StatsTopology.inputTopics(config.kafka().topics());
        awaitTopics(config, inputs, topicWait);
        DecodeFailures failures = new DecodeFailures();
        KafkaStreams streams = new KafkaStreams(
                StatsTopology.build(config.kafka().topics(), config.windowing(), failures), properties(config));
        // An unexpected error costs one stream thread, which is replaced; bad records never get this far.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("analytics stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        awaitRunning(streams, topicWait);
        LOG.info("analytics reading {} ({})", inputs, config);
        return new Analytics(streams, failures);
    }

    static Properties properties(AnalyticsConfig config) {
        Properties p = new Properties();
        p.putAll(config.kafka().passThrough());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
                config.fromBeginning() ? "earliest" : "latest");
        return p;
    }

    /** Until its first assignment: "from now" then means from about when start returned. */
    private static void awaitRunning(KafkaStreams streams, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            LOG.warn("analytics not running after {} s (state {}); it goes on trying", wait.toSeconds(), streams.state());
        }
    }

    private static void awaitTopics(AnalyticsConfig config, List<String> inputs, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Object> adminConfig = new HashMap<>(config.kafka().passThrough());
        adminConfig.put("bootstrap.servers", config.kafka().bootstrap());
        try (Admin admin = Admin.create(adminConfig)) {
            boolean logged = false;
            while (true) {
                Set<String> missing = new HashSet<>(inputs);
                try {
                    missing.removeAll(admin.listTopics().names().get(10, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warn("cannot list topics yet: {}", e.getMessage());
                }
                if (missing.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("input topics missing after " + wait.toSeconds() + " s: " + missing);
                }
                if (!logged) {
                    LOG.info("waiting for topics {}", missing);
                    logged = true;
                }
                Thread.sleep(1000);
            }
        }
    }

    public DecodeFailures failures() {
        return failures;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(15));
    }
}
