package io.warmpool.standalone;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.analytics.app.Analytics;
import io.warmpool.analytics.app.AnalyticsConfig;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolStatus;
import io.warmpool.poolmanager.app.PoolManager;
import io.warmpool.poolmanager.app.PoolManagerConfig;
import io.warmpool.poolmanager.app.PoolManagerMain;
import io.warmpool.poolmanager.app.PoolManagerSetup;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.EventConsumer;
import io.warmpool.runtime.kafka.EventPublisher;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.runtime.kafka.KafkaTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./warmpool run}: the whole stack in one process. An embedded KRaft broker (unless
 * {@code --kafka}), the pool manager (allocator and process provisioner), the router and the
 * analytics app (unless {@code --no-analytics}); bots are child JVMs. Ctrl-C stops it in order:
 * router, pool manager (which stops every bot), analytics, broker.
 */
public final class Standalone {
    private static final PrintStream OUT = System.out;

    private final StandaloneOptions options;
    private EmbeddedKafka kafka;
    private Path tempData;
    private Vertx vertx;
    private String routerDeployment;
    private PoolManager poolManager;
    private Analytics analytics;
    private Path analyticsState;

    private Standalone(StandaloneOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        quietLogs();
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("warmpool: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            OUT.println(StandaloneOptions.USAGE);
            return;
        }
        Standalone stack = new Standalone(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "warmpool-stop"));
        try {
            stack.start();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("warmpool: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("warmpool: could not start: " + e);
            System.exit(1);
        }
    }

    /** Warnings only from libraries (the broker is chatty); warmpool's own lines at info. */
    private static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.warmpool",
                System.getProperty("org.slf4j.simpleLogger.log.io.warmpool", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private void start() throws Exception {
        long begin = System.nanoTime();
        String bootstrap = startKafka();
        Map<String, String> env = options.environment(System.getenv(), bootstrap);
        Env settings = Env.of(env);
        KafkaSettings kafkaSettings = KafkaSettings.from(settings);
        createTopics(kafkaSettings);
        if (options.analytics()) {
            startAnalytics(env);
        }

        vertx = Vertx.vertx();
        PoolManagerSetup poolManagerSetup = PoolManagerSetup.from(Env.of(withPort(env, options.port() == 0 ? 0 : 8081)));
        PoolManagerConfig poolManagerConfig = poolManagerSetup.config();
        RouterConfig router = RouterConfig.from(settings);
        String pool = poolManagerConfig.pools().containsKey("default") ? "default"
                : poolManagerConfig.pools().keySet().iterator().next();
        int minReady = poolManagerConfig.pools().get(pool).minReady();

        RouterVerticle routerVerticle = new RouterVerticle(router, Clock.systemUTC());
        Future<?> started = PoolManagerMain.start(vertx, poolManagerSetup, Clock.systemUTC())
                .onSuccess(pm -> {
                    this.poolManager = pm;
                    OUT.printf("pool manager: allocator and %s provisioner, pools %s, API on :%d%n",
                            env.get("WARMPOOL_PROVISIONER"), poolManagerConfig.pools().keySet(), pm.http().actualPort());
                })
                .compose(x -> vertx.deployVerticle(routerVerticle))
                .onSuccess(id -> {
                    routerDeployment = id;
                    OUT.printf("router: http://localhost:%d (chat), /pools (pool view), /metrics%n",
                            routerVerticle.port());
                })
                .compose(x -> watchWarmUp(kafkaSettings, pool, minReady, "http://localhost:" + routerVerticle.port()));
        started.await(2, TimeUnit.MINUTES);
        OUT.printf("started in %d ms; warming %s bot(s) of pool '%s'...%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), minReady, pool);
    }

    /** In this process, its state in a temporary folder; its consumer group remembers where it stopped. */
    private void startAnalytics(Map<String, String> env) throws Exception {
        analyticsState = Files.createTempDirectory("warmpool-analytics-");
        Map<String, String> withState = new HashMap<>(env);
        withState.put(AnalyticsConfig.STATE_DIR, analyticsState.toString());
        // Everything the broker still holds: a new stack counts from its first event, and a stack
        // restarted on kept data goes on from the offsets its analytics committed.
        withState.putIfAbsent(AnalyticsConfig.FROM_BEGINNING, "true");
        AnalyticsConfig config = AnalyticsConfig.from(Env.of(withState));
        analytics = Analytics.start(config, Duration.ofSeconds(30));
        OUT.printf("analytics: pool.stats every %d s (charts on /pools, `./warmpool stats`)%n",
                config.windowing().window().toSeconds());
    }

    private String startKafka() throws Exception {
        if (options.externalKafka().isPresent()) {
            OUT.println("kafka: external, " + options.externalKafka().get());
            return options.externalKafka().get();
        }
        Path data = options.dataDir();
        if (options.tempData()) {
            tempData = Files.createTempDirectory("warmpool-kafka-");
            data = tempData;
        }
        try {
            kafka = EmbeddedKafka.start(data, options.kafkaPort(), KafkaTopics.DEFAULT_PARTITIONS);
        } catch (Exception e) {
            if (rootCause(e) instanceof BindException) {
                throw new IllegalArgumentException("port " + options.kafkaPort() + " is in use: pass --kafka-port N, "
                        + "or --kafka HOST:PORT to use a running Kafka");
            }
            throw e;
        }
        OUT.printf("kafka: embedded KRaft broker on %s (data in %s%s)%n", kafka.bootstrap(), data,
                options.tempData() ? ", deleted at exit" : "");
        return kafka.bootstrap();
    }

    /** Creates what an external Kafka lacks too; a layout the allocator cannot own pools on stops the stack. */
    private static void createTopics(KafkaSettings kafka) {
        try (KafkaTopics topics = KafkaTopics.connect(kafka, "warmpool-standalone")) {
            topics.createMissing(kafka.topics(), KafkaTopics.DEFAULT_PARTITIONS).allocatorInputsMisaligned()
                    .ifPresent(problem -> {
                        throw new ConfigException(problem);
                    });
        }
    }

    private Future<Void> watchWarmUp(KafkaSettings kafka, String pool, int minReady, String url) {
        WarmingProgress progress = new WarmingProgress(pool, minReady, url, OUT);
        String id = "standalone-progress-" + UUID.randomUUID();
        return EventPublisher.createWarmed(vertx, kafka, id, URI.create("/warmpool/standalone"))
                .compose(deadLetters -> EventConsumer.create(vertx, kafka, id, id, false, deadLetters,
                        List.of(EventType.POOL_STATUS), e -> {
                            progress.onStatus((PoolStatus) e.event(), poolManager.provisioningProblem().get());
                            return Future.succeededFuture();
                        }).start());
    }

    private static Map<String, String> withPort(Map<String, String> env, int port) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("WARMPOOL_HTTP_PORT", Integer.toString(port));
        return copy;
    }

    /**
     * Router first (no new sessions), then the pool manager (allocator, then the provisioner, which
     * stops every bot), then analytics, then the broker.
     */
    private void stop() {
        OUT.println("\nstopping warmpool...");
        if (vertx != null) {
            try {
                if (routerDeployment != null) {
                    vertx.undeploy(routerDeployment).await(15, TimeUnit.SECONDS);
                }
                if (poolManager != null) {
                    poolManager.stop().await(60, TimeUnit.SECONDS);
                }
                vertx.close().await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("warmpool: shutdown of the services was incomplete: " + e);
            }
        }
        if (analytics != null) {
            analytics.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (analyticsState != null) {
            deleteRecursively(analyticsState);
        }
        if (tempData != null) {
            deleteRecursively(tempData);
        }
        OUT.println("warmpool stopped.");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("warmpool: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
