package io.warmpool.poolmanager.provisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import io.warmpool.runtime.config.Env;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.DockerEngine;
import io.warmpool.testkit.RequiresDocker;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The docker provisioner against the real engine: bot containers on a shared network reach a Testcontainers
 * Kafka (the local warmpool/kafka image standing in for apache/kafka) and turn READY by heartbeat. The
 * steps build on each other (spawn, inspect, kill, adopt, stop, close), so they run in order.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300) // drives external processes: a hung one must not hang the build
class DockerProvisionerIT {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProvisionerIT.class);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "it-" + RUN;
    private static final String PREFIX = "it-" + RUN + ".";
    private static final String KAFKA_ALIAS = "kafka";
    private static final String CLAIM_KEY = "docker-it-claim-key-0123456789";

    private final DockerClient docker = DockerEngine.client();
    private Network network;
    private String networkName;
    private KafkaContainer kafka;
    private KafkaConsumer<String, byte[]> heartbeats;
    private DockerProvisioner provisioner;
    private final Map<String, Long> spawnedAt = new HashMap<>();

    @BeforeAll
    void startKafkaAndNetwork() {
        BotImages.ensure(BotImages.BOT, BotImages.KAFKA);
        BotImages.ensureTestcontainersCanRun();
        network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of("warmpool.test", RUN)))
                .build();
        networkName = docker.inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
        kafka = new KafkaContainer(DockerImageName.parse(BotImages.KAFKA).asCompatibleSubstituteFor("apache/kafka"))
                .withNetwork(network)
                .withNetworkAliases(KAFKA_ALIAS)
                .withListener(KAFKA_ALIAS + ":19092")
                .withLabel("warmpool.test", RUN);
        kafka.start();
        heartbeats = consumer(kafka.getBootstrapServers());
        provisioner = DockerProvisioner.create(settings(BotImages.BOT));
    }

    @AfterAll
    void cleanUp() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (heartbeats != null) {
            heartbeats.close();
        }
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(BotContainer.POOL, POOL)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
        docker.listNetworksCmd().withFilter("label", List.of("warmpool.test=" + RUN)).exec()
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    @Order(1)
    void threeContainerBotsBecomeReadyByHeartbeat() throws Exception {
        for (int i = 1; i <= 3; i++) {
            String botId = POOL + "-bot" + i;
            spawnedAt.put(botId, System.currentTimeMillis());
            ManagedBot bot = provisioner.spawn(spec(botId));
            assertThat(bot.running()).isTrue();
        }

        Map<String, BotHeartbeat> ready = awaitReady(spawnedAt.keySet().stream().toList(), Duration.ofSeconds(90));

        ready.forEach((botId, hb) -> LOG.info("bot {}: spawn() to READY heartbeat {} ms (bot's readyAt {} ms)", botId,
                hb.sentAt() - spawnedAt.get(botId), hb.readyAt() - spawnedAt.get(botId)));
        ready.forEach((botId, hb) -> {
            assertThat(hb.endpoint()).as("endpoint advertised by %s", botId).hasToString(ipOf(botId) + ":8090");
            assertThat(hb.provisionId()).isEqualTo("prov-" + RUN);
        });
        assertThat(ours(provisioner.list())).allMatch(ManagedBot::running).extracting(ManagedBot::botId)
                .containsExactlyInAnyOrderElementsOf(spawnedAt.keySet());
    }

    @Test
    @Order(2)
    void containersAreHardenedAndLabelled() {
        InspectContainerResponse c = inspect(POOL + "-bot1");
        var host = c.getHostConfig();
        assertThat(c.getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsKey("/tmp");
        assertThat(host.getMemory()).isEqualTo(BotLimits.DEFAULT.memoryBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(BotLimits.DEFAULT.nanoCpus());
        assertThat(host.getPidsLimit()).isEqualTo(BotLimits.DEFAULT.pids());
        assertThat(c.getConfig().getLabels()).containsEntry(BotContainer.MANAGED, "true")
                .containsEntry(BotContainer.POOL, POOL).containsEntry(BotContainer.PROVISION_ID, "prov-" + RUN)
                .containsEntry(BotContainer.BOT_ID, POOL + "-bot1");
        assertThat(c.getName()).isEqualTo("/warmpool-bot-" + POOL + "-bot1");
        assertThat(c.getNetworkSettings().getNetworks()).containsOnlyKeys(networkName);
        assertThat(c.getConfig().getEnv()).contains("WARMPOOL_BOT_HOST=auto", "WARMPOOL_BOT_PORT=8090");
    }

    @Test
    @Order(3)
    void aKilledContainerIsListedAsNotRunning() throws Exception {
        docker.killContainerCmd(inspect(POOL + "-bot2").getId()).exec();

        Await.until(() -> !running(POOL + "-bot2"), Duration.ofSeconds(10), () -> "bot2 still listed as running");
    }

    @Test
    @Order(4)
    void aNewProvisionerListsTheLiveContainersForAdoption() throws Exception {
        try (DockerProvisioner restarted = DockerProvisioner.create(settings(BotImages.BOT))) {
            List<ManagedBot> seen = ours(restarted.list());

            assertThat(seen).extracting(ManagedBot::botId)
                    .containsExactlyInAnyOrder(POOL + "-bot1", POOL + "-bot2", POOL + "-bot3");
            assertThat(seen).allSatisfy(b -> {
                assertThat(b.pool()).isEqualTo(POOL);
                assertThat(b.provisionId()).isEqualTo("prov-" + RUN);
                assertThat(b.startedAt()).isPositive();
            });
            assertThat(seen).filteredOn(ManagedBot::running).extracting(ManagedBot::botId)
                    .containsExactlyInAnyOrder(POOL + "-bot1", POOL + "-bot3");

            restarted.remove(POOL + "-bot2");
            assertThat(ours(restarted.list())).extracting(ManagedBot::botId).doesNotContain(POOL + "-bot2");
        }
        // Closing removes the adopted bots too: docker-compose down must leave none behind.
        assertThat(ours(provisioner.list())).isEmpty();
    }

    @Test
    @Order(5)
    void stopEndsAndRemovesABotAndIgnoresUnknownOnes() throws Exception {
        provisioner.spawn(spec(POOL + "-bot4"));
        provisioner.spawn(spec(POOL + "-bot5"));
        provisioner.stop(POOL + "-bot4", Duration.ofSeconds(2));
        provisioner.stop(POOL + "-never-spawned", Duration.ofSeconds(1));
        provisioner.remove(POOL + "-never-spawned");

        assertThat(ours(provisioner.list())).extracting(ManagedBot::botId).containsExactly(POOL + "-bot5");
    }

    @Test
    @Order(6)
    void anotherInstallationOnTheSameEngineNeitherListsNorRemovesOurBots() throws Exception {
        var otherInstallation = settings(Map.of("WARMPOOL_INSTALLATION", "other-" + RUN,
                "WARMPOOL_BOT_STOP_GRACE_MS", "1000"));
        try (DockerProvisioner other = DockerProvisioner.create(otherInstallation)) {
            assertThat(ours(other.list())).isEmpty();
        }
        assertThat(ours(provisioner.list())).extracting(ManagedBot::botId).containsExactly(POOL + "-bot5");
        assertThat(running(POOL + "-bot5")).isTrue();
    }

    @Test
    @Order(7)
    void aMissingImageIsAProvisioningFailureNamingTheImage() {
        String image = "warmpool/no-such-image:" + RUN;
        try (DockerProvisioner p = DockerProvisioner.create(settings(image))) {
            assertThatThrownBy(() -> p.spawn(spec(POOL + "-noimage")))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("image missing")
                    .hasMessageContaining(image)
                    .hasMessageContaining("build-images.sh");
        }
    }

    @Test
    @Order(8)
    void closeRemovesEveryContainerItStarted() throws Exception {
        provisioner.close();
        provisioner = null;

        assertThat(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(BotContainer.POOL, POOL)).exec()).isEmpty();
    }

    private boolean running(String botId) {
        try {
            return botIn(provisioner.list(), botId).running();
        } catch (ProvisioningException e) {
            throw new AssertionError(e);
        }
    }

    private DockerSettings settings(String image) {
        return settings(Map.of("WARMPOOL_BOT_IMAGE", image, "WARMPOOL_DOCKER_NETWORK", networkName,
                "WARMPOOL_BOT_STOP_GRACE_MS", "3000"));
    }

    private static DockerSettings settings(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(vars);
        String host = System.getenv("DOCKER_HOST");
        if (host != null) {
            env.put("DOCKER_HOST", host);
        }
        return DockerSettings.from(Env.of(env));
    }

    // The default warm-up (WARMPOOL_BOT_WARMUP_MS unset), so the READY time is the one users see.
    private static BotSpec spec(String botId) {
        return new BotSpec(botId, POOL, "prov-" + RUN, Map.of(
                "WARMPOOL_KAFKA_BOOTSTRAP", KAFKA_ALIAS + ":19092",
                "WARMPOOL_TOPIC_PREFIX", PREFIX,
                "WARMPOOL_CLAIM_KEY", CLAIM_KEY,
                "WARMPOOL_HEARTBEAT_MS", "500",
                "WARMPOOL_BOT_ID", botId,
                "WARMPOOL_POOL", POOL,
                "WARMPOOL_PROVISION_ID", "prov-" + RUN));
    }

    private Map<String, BotHeartbeat> awaitReady(List<String> botIds, Duration timeout) {
        EventCodec codec = new EventCodec(new Topics(PREFIX), URI.create("urn:warmpool:test"));
        Map<String, BotHeartbeat> ready = new HashMap<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (ready.size() < botIds.size() && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> r : heartbeats.poll(Duration.ofMillis(500))) {
                if (codec.decode(r.topic(), r.headers(), r.value()) instanceof BotHeartbeat hb
                        && hb.state() == BotState.READY && botIds.contains(hb.botId())) {
                    ready.putIfAbsent(hb.botId(), hb);
                }
            }
        }
        assertThat(ready.keySet()).as("bots READY within %s (logs: docker logs warmpool-bot-<id>)", timeout)
                .containsExactlyInAnyOrderElementsOf(botIds);
        return ready;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "docker-it-" + RUN);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(PREFIX + EventType.BOT_HEARTBEAT.eventName()));
        return consumer;
    }

    private InspectContainerResponse inspect(String botId) {
        return docker.inspectContainerCmd(BotContainer.name(botId)).exec();
    }

    private String ipOf(String botId) {
        return inspect(botId).getNetworkSettings().getNetworks().get(networkName).getIpAddress();
    }

    private static List<ManagedBot> ours(List<ManagedBot> bots) {
        return bots.stream().filter(b -> b.pool().equals(POOL)).toList();
    }

    private static ManagedBot botIn(List<ManagedBot> bots, String botId) {
        return bots.stream().filter(b -> b.botId().equals(botId)).findFirst().orElseThrow();
    }
}
