package io.warmpool.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.EventType;
import io.warmpool.events.InvalidFieldException;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.Topics;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The consumer's failure branches against a real broker. Failures are injected by the broker
 * itself: a topic whose {@code max.message.bytes} is too small refuses every record (a
 * non-retriable error, so it fails at once), and raising the limit heals it.
 */
@WithKafka
class ConsumerFailuresIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a negative check watches before it says "nothing happened". */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final KafkaBroker broker;
    private Vertx vertx;
    private Topics topics;
    private KafkaSettings settings;
    private EventPublisher publisher;
    private EventConsumer consumer;
    private String group;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    ConsumerFailuresIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        vertx = Vertx.vertx();
        topics = new Topics("f" + System.nanoTime() + ".");
        settings = KafkaSettings.of(broker.bootstrapServers(), topics);
        publisher = EventPublisher.create(vertx, settings, "test-" + info.getDisplayName(),
                new EventCodec(topics, URI.create("/warmpool/test"))).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (consumer != null) {
            consumer.stop().await(10, TimeUnit.SECONDS);
        }
        publisher.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aRecordWhoseDeadLetterFailsStaysUncommittedUntilTheDeadLetterIsAcknowledged() throws Exception {
        createTopics(topics.deadLetter());
        String input = topics.of(EventType.SESSION_REQUESTED);
        sendRaw(input, "{not json");
        start(e -> Future.succeededFuture());

        Await.until("the dead letter to fail twice", WAIT, () -> count("warmpool.consumer.dlq.failures") >= 2);
        assertThat(consumer.health().cause()).hasMessageContaining("dead letter of " + input + "-0@0");
        watchQuietly();
        assertThat(committed(input)).as("nothing committed while the dead letter fails").isLessThan(1);

        heal(topics.deadLetter());
        Await.until("the record to be committed once dead-lettered", WAIT, () -> committed(input) == 1);
        Await.until("health to recover", WAIT, () -> consumer.health().succeeded());
        assertThat(readCount(topics.deadLetter())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailedOutputIsRetriedByReadingThePartitionAgainAndThenCommitted() throws Exception {
        String output = topics.of(EventType.BOT_SPAWN_FAILED);
        createTopics(output);
        String input = topics.of(EventType.SESSION_REQUESTED);
        List<String> handled = new CopyOnWriteArrayList<>();
        start(e -> {
            SessionRequested r = (SessionRequested) e.event();
            handled.add(r.sessionId());
            // One output at a time: the producer splits a refused batch of several and retries it forever.
            return r.sessionId().equals("s-1")
                    ? publisher.publish(BotSpawnFailed.of("p-" + r.sessionId(), r.pool(), 1, "x", 1))
                    : Future.succeededFuture();
        });
        publisher.publish(SessionRequested.of("s-1", "default", "r-1", 1, 1000, 2000)).await(30, TimeUnit.SECONDS);
        publisher.publish(SessionRequested.of("s-2", "default", "r-1", 1, 1000, 2000)).await(30, TimeUnit.SECONDS);

        Await.until("an output failure", WAIT, () -> count("warmpool.consumer.output.failures") >= 1);
        assertThat(consumer.health().cause()).hasMessageContaining("output of " + input + "-0@0 failed");
        Await.until("s-1 to be read again", WAIT, () -> handled.stream().filter("s-1"::equals).count() >= 2);
        assertThat(committed(input)).as("nothing committed past a failed output").isLessThan(1);

        heal(output);
        Await.until("both records committed", WAIT, () -> committed(input) == 2);
        Await.until("health to recover", WAIT, () -> consumer.health().succeeded());
        assertThat(readCount(output)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aHandlerBugIsCountedAndKeptInTheDeadLetterTopicWhileBadInputIsNotCountedAsABug() throws Exception {
        createTopics();
        String input = topics.of(EventType.SESSION_REQUESTED);
        List<String> served = new CopyOnWriteArrayList<>();
        start(e -> {
            String id = ((SessionRequested) e.event()).sessionId();
            if (id.equals("bug")) {
                throw new IllegalStateException("boom");
            }
            if (id.equals("bad")) {
                throw new InvalidFieldException("pool", "is not one we know");
            }
            served.add(id);
            return Future.succeededFuture();
        });
        for (String id : List.of("bug", "bad", "good")) {
            publisher.publish(SessionRequested.of(id, "default", "r-1", 1, 1000, 2000)).await(30, TimeUnit.SECONDS);
        }

        Await.until("all three committed", WAIT, () -> committed(input) == 3);
        assertThat(served).containsExactly("good");
        assertThat(count("warmpool.consumer.internal.errors")).isEqualTo(1);
        List<String> errors = deadLetterErrors(2);
        assertThat(errors).anyMatch(e -> e.startsWith("internal error: java.lang.IllegalStateException: boom"))
                .anyMatch(e -> e.contains("pool") && !e.startsWith("internal error"));
        assertThat(consumer.health().succeeded()).isTrue();
    }

    private void start(Function<io.warmpool.runtime.kafka.ConsumedEvent, Future<?>> handler) throws Exception {
        group = "g" + System.nanoTime();
        consumer = EventConsumer.create(vertx, settings, "c", group, true, publisher,
                List.of(EventType.SESSION_REQUESTED), handler).metrics(registry);
        vertx.runOnContext(v -> consumer.start());
    }

    /** Every topic of the test with one partition; those named get a limit no record fits under. */
    private void createTopics(String... refusing) throws Exception {
        List<String> tight = List.of(refusing);
        List<NewTopic> all = topics.all().stream().map(t -> {
            NewTopic topic = new NewTopic(t, 1, (short) 1);
            return tight.contains(t) ? topic.configs(Map.of("max.message.bytes", "64")) : topic;
        }).toList();
        broker.admin().createTopics(all).all().get(30, TimeUnit.SECONDS);
    }

    private void heal(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET)));
        broker.admin().incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    }

    private void sendRaw(String topic, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(broker.producerConfig())) {
            raw.send(new ProducerRecord<>(topic, "default".getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private double count(String name) {
        var counter = registry.find(name).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    private long committed(String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = broker.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Watches for {@link #QUIET}: a negative check must give the wrong thing time to happen. */
    private static void watchQuietly() throws InterruptedException {
        Thread.sleep(QUIET.toMillis());
    }

    private int readCount(String topic) {
        return readAll(topic).size();
    }

    private List<String> deadLetterErrors(int atLeast) {
        Await.until("dead letters", WAIT, () -> readAll(topics.deadLetter()).size() >= atLeast);
        return readAll(topics.deadLetter()).stream().map(r -> new String(
                r.headers().lastHeader(io.warmpool.events.codec.DeadLetter.HEADER_ERROR).value(),
                StandardCharsets.UTF_8)).toList();
    }

    private List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> out = new CopyOnWriteArrayList<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                broker.consumerConfig("raw-" + System.nanoTime()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
