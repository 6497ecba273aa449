package io.warmpool.poolmanager.provisioning.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.TopicWatcher;
import io.warmpool.events.Topics;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.poolmanager.app.ProvisionerConfig;
import io.warmpool.poolmanager.app.ProvisionerVerticle;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.EventPublisher;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/** The process provisioner for real: deficits become bot JVMs that heartbeat; the OS process table is the judge. */
@WithKafka
@Timeout(300) // drives external processes: a hung one must not hang the build
class ProcessProvisionerIT {
    private static final Duration READY_WAIT = Duration.ofSeconds(90);

    private final KafkaBroker broker;
    private final String pool = "pp" + Long.toHexString(System.nanoTime());
    private final Topics topics = new Topics(pool + ".");
    private Vertx vertx;
    private EventPublisher publisher;
    private TopicWatcher watcher;
    @TempDir
    Path botDir;

    ProcessProvisionerIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void setUp() throws Exception {
        broker.createTopics(4, topics.all().toArray(String[]::new));
        vertx = Vertx.vertx();
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), topics);
        publisher = EventPublisher.create(vertx, kafka, "test-allocator", new EventCodec(topics, URI.create("/test")))
                .await(30, TimeUnit.SECONDS);
        watcher = new TopicWatcher(broker, topics, EventType.BOT_HEARTBEAT, EventType.BOT_SPAWN_FAILED);
    }

    @AfterEach
    void tearDown() throws Exception {
        watcher.close();
        publisher.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
        BotProcesses.ofPool(pool).forEach(ProcessHandle::destroyForcibly);
    }

    private ProvisionerConfig config() {
        return config(Map.of());
    }

    private ProvisionerConfig config(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.putAll(Map.of(
                "WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
                "WARMPOOL_TOPIC_PREFIX", topics.prefix(),
                "WARMPOOL_CLAIM_KEY", "a-test-claim-key-0123456789",
                "WARMPOOL_HEARTBEAT_MS", "250",
                "WARMPOOL_BOT_WARMUP_MS", "200",
                "WARMPOOL_RECONCILE_MS", "500",
                "WARMPOOL_BOT_SILENCE_MS", "5000",
                "WARMPOOL_BOT_STOP_GRACE_MS", "5000",
                "WARMPOOL_BOT_DIR", botDir.toString()));
        return ProvisionerConfig.from(Env.of(env));
    }

    private String deploy(ProvisionerConfig config, int maxBots) throws Exception {
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), topics);
        ProcessProvisioner provisioner = new ProcessProvisioner(config.botDir(),
                BotLaunch.resolve(Optional.empty(), config.botJvmOpts()).withNice(config.botNice()),
                config.stopGrace());
        return vertx.deployVerticle(new ProvisionerVerticle(config, kafka, provisioner,
                Map.of(pool, PoolPolicy.defaults().withMinMax(0, maxBots)), new SimpleMeterRegistry()))
                .await(60, TimeUnit.SECONDS);
    }

    private void deficit(String provisionId, int missing) throws Exception {
        // As an allocator that knows no bot yet would ask: everything it wants is pending.
        PoolSnapshot snapshot = new PoolSnapshot(0, 0, 0, 0, missing, 0, 0, missing, 10);
        publisher.publish(PoolDeficit.of(pool, missing, provisionId, snapshot, System.currentTimeMillis()))
                .await(30, TimeUnit.SECONDS);
    }

    private Set<String> readyBots() {
        return watcher.events(BotHeartbeat.class, h -> h.state() == BotState.READY).stream()
                .map(BotHeartbeat::botId).collect(Collectors.toSet());
    }

    @Test
    void aDeficitOfThreeGivesThreeReadyBotProcessesOnceEvenWhenRepeatedAndShutdownLeavesNone() throws Exception {
        String deployment = deploy(config(), 10);

        deficit("prov-1", 3);
        deficit("prov-1", 3); // a redelivered deficit is handled once
        Await.until(() -> readyBots().size() >= 3, READY_WAIT,
                () -> "three READY bots expected, saw " + readyBots());

        List<ProcessHandle> running = BotProcesses.ofPool(pool);
        assertThat(running).hasSize(3);
        assertThat(running.stream().map(BotProcesses::botId).collect(Collectors.toSet())).isEqualTo(readyBots());
        assertThat(watcher.events(BotHeartbeat.class)).allSatisfy(h -> assertThat(h.provisionId()).isEqualTo("prov-1"));
        assertThat(Files.list(botDir).filter(f -> f.toString().endsWith(".log")).count()).isEqualTo(3);

        vertx.undeploy(deployment).await(60, TimeUnit.SECONDS);

        assertThat(BotProcesses.ofPool(pool)).as("bot processes left after shutdown").isEmpty();
        assertThat(watcher.events(BotHeartbeat.class, h -> h.state() == BotState.EXITING).stream()
                .map(BotHeartbeat::botId).collect(Collectors.toSet())).as("each bot drained and said EXITING")
                .isEqualTo(readyBots());
    }

    @Test
    void withOneSpawnSlotEachBotBootsAfterThePreviousOneWasHeardAndAllRunAtALowerPriority() throws Exception {
        deploy(config(Map.of("WARMPOOL_MAX_CONCURRENT_SPAWNS", "1")), 10);

        deficit("prov-slots", 3);
        Await.until(() -> readyBots().size() >= 3, READY_WAIT,
                () -> "three READY bots expected, saw " + readyBots());

        // The provisioner dates each spawn right after starting the process (its pid file): a spawn before
        // the previous bot was heard from would come a whole JVM boot before that bot's first heartbeat.
        List<PidFile> byStart = new java.util.ArrayList<>();
        for (ProcessHandle p : BotProcesses.ofPool(pool)) {
            byStart.add(PidFile.read(PidFile.path(botDir, BotProcesses.botId(p))));
        }
        byStart.sort(Comparator.comparingLong(PidFile::startedAt));
        assertThat(byStart).hasSize(3);
        for (int i = 1; i < byStart.size(); i++) {
            String before = byStart.get(i - 1).botId();
            long firstHeard = watcher.events(BotHeartbeat.class, h -> h.botId().equals(before)).stream()
                    .mapToLong(BotHeartbeat::sentAt).min().orElseThrow();
            assertThat(byStart.get(i).startedAt()).as("bot %d spawned after bot %d's first heartbeat", i, i - 1)
                    .isGreaterThanOrEqualTo(firstHeard);
        }
        int expectedNice = Math.min(19, niceness(ProcessHandle.current().pid()) + 10);
        assertThat(BotProcesses.ofPool(pool)).allSatisfy(p -> assertThat(niceness(p.pid()))
                .as("nice of bot %s", p.pid()).isEqualTo(expectedNice));
    }

    /** The nice value of a process, field 19 of /proc/PID/stat (counted after the command's closing parenthesis). */
    private static int niceness(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBotKilledWithSigkillIsReaped() throws Exception {
        deploy(config(), 10);
        deficit("prov-2", 2);
        Await.until(() -> BotProcesses.ofPool(pool).size() == 2 && readyBots().size() == 2,
                READY_WAIT, () -> "two READY bots expected, saw " + readyBots());

        ProcessHandle victim = BotProcesses.ofPool(pool).get(0);
        String victimId = BotProcesses.botId(victim);
        victim.destroyForcibly();

        Await.until(() -> !Files.exists(botDir.resolve(victimId + ".pid")),
                Duration.ofSeconds(20), () -> "the killed bot's pid file was not reaped");
        assertThat(BotProcesses.ofPool(pool)).extracting(BotProcesses::botId).doesNotContain(victimId).hasSize(1);
    }

    @Test
    void aPoolNeverGetsMoreBotsThanItsMaximumHoweverManyDeficitsArrive() throws Exception {
        deploy(config(), 2);
        for (int i = 0; i < 5; i++) {
            deficit("storm-" + i, 2);
        }
        Await.until(() -> readyBots().size() >= 2, READY_WAIT,
                () -> "two READY bots expected, saw " + readyBots());
        // Offsets are committed once a deficit is handled: all five handled, whatever they queued.
        Await.until(() -> deficitsHandled() == 5, READY_WAIT, () -> "all five deficits handled");

        assertThat(BotProcesses.ofPool(pool)).hasSize(2);
    }

    private long deficitsHandled() {
        try {
            return broker.admin().listConsumerGroupOffsets(config().deficitGroup()).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topics.of(EventType.POOL_DEFICIT)))
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }
}
