package io.warmpool.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) running inside the test JVM.
 * Obtain it through {@link WithKafka}; it is shared by every test class of the module run.
 */
public final class KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private final Duration startTime;

    private KafkaBroker(KafkaClusterTestKit cluster, Duration startTime) {
        this.cluster = cluster;
        this.startTime = startTime;
        this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Formats a temp data dir, binds free ports and blocks until the broker accepts clients. */
    static KafkaBroker start() throws Exception {
        long begin = System.nanoTime();
        TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrap())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("auto.create.topics.enable", "true")
                // 4 partitions so that tests of the range assignor see more than one partition per consumer.
                .setConfigProp("num.partitions", "4")
                // A single broker cannot meet the default replication factor of 3 for internal topics.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // Groups form at once instead of after the default 3 s wait for more members.
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // The test kit enables unreleased APIs by default; a deployed broker does not.
                .setConfigProp("unstable.api.versions.enable", "false")
                .setConfigProp("unstable.feature.versions.enable", "false")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            try {
                cluster.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("in-process Kafka {} (KRaft) ready at {} in {} ms",
                AppInfoParser.getVersion(), cluster.bootstrapServers(), took.toMillis());
        return new KafkaBroker(cluster, took);
    }

    /**
     * The metadata version and feature levels {@code kafka-storage format} picks by default. The test kit
     * would otherwise format at the unreleased testing version (4.2-IV1 for Kafka 4.1.1).
     */
    private static BootstrapMetadata productionBootstrap() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
        return BootstrapMetadata.fromVersions(version, features, "warmpool-testkit");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** How long {@link #start()} took, from building the cluster to the broker being ready. */
    public Duration startTime() {
        return startTime;
    }

    /** A shared admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** Creates the topics with replication factor 1; topics that already exist are left as they are. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        admin.createTopics(topics).values().forEach((name, created) -> {
            try {
                created.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("topic " + name + " not created within " + ADMIN_TIMEOUT, e);
            }
        });
    }

    /** Byte-array consumer settings for {@code groupId}, reading from the earliest offset; mutable for tweaks. */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Tests usually produce before their consumer joins; "latest" would miss those records.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** Byte-array producer settings; mutable for tweaks. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    void stop() throws Exception {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            cluster.close();
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + "]";
    }
}
