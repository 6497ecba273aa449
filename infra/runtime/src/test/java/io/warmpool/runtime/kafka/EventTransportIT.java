package io.warmpool.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.EventType;
import io.warmpool.events.SampleEvents;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events through a real broker with the Vert.x Kafka client: envelope intact, bad records dead-lettered. */
@WithKafka
@ExtendWith(VertxExtension.class)
class EventTransportIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaBroker broker;
    private Vertx vertx;
    private Topics topics;
    private KafkaSettings settings;
    private EventPublisher publisher;
    private final List<EventConsumer> consumers = new ArrayList<>();
    private final List<Context> handlerContexts = new CopyOnWriteArrayList<>();
    private volatile Context starterContext;

    EventTransportIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void setUp(Vertx vertx, org.junit.jupiter.api.TestInfo info) throws Exception {
        this.vertx = vertx;
        topics = new Topics("t" + System.nanoTime() + ".");
        broker.createTopics(1, topics.all().toArray(String[]::new));
        settings = KafkaSettings.of(broker.bootstrapServers(), topics);
        publisher = EventPublisher.create(vertx, settings, "test-" + info.getDisplayName(),
                new EventCodec(topics, URI.create("/warmpool/test"))).await(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (EventConsumer c : consumers) {
            c.stop().await(10, TimeUnit.SECONDS);
        }
        publisher.close().await(10, TimeUnit.SECONDS);
    }

    private EventConsumer consume(String group, List<ConsumedEvent> into) throws Exception {
        EventConsumer consumer = EventConsumer.create(vertx, settings, group, group, true, publisher,
                Arrays.asList(EventType.values()), e -> {
                    handlerContexts.add(Vertx.currentContext());
                    into.add(e);
                    return Future.succeededFuture();
                });
        consumers.add(consumer);
        vertx.runOnContext(v -> {
            starterContext = Vertx.currentContext();
            consumer.start();
        });
        return consumer;
    }

    @Test
    void everyEventTypeArrivesWholeWithItsCloudEventsHeaders() throws Exception {
        List<ConsumedEvent> received = new CopyOnWriteArrayList<>();
        consume("all-types", received);

        for (WarmpoolEvent event : SampleEvents.all()) {
            publisher.publish(event).await(30, TimeUnit.SECONDS);
        }

        await(() -> received.size() >= SampleEvents.all().size());
        assertThat(received).extracting(ConsumedEvent::event).containsExactlyInAnyOrderElementsOf(SampleEvents.all());
        // The Kafka client is built on a worker thread, yet records are handled on the starter's event loop.
        assertThat(handlerContexts).isNotEmpty().allSatisfy(c -> {
            assertThat(c).isSameAs(starterContext);
            assertThat(c.isEventLoopContext()).isTrue();
        });
        for (ConsumerRecord<byte[], byte[]> raw : readRaw(topics.of(EventType.BOT_ASSIGNED), 1)) {
            assertThat(header(raw, "ce_type")).isEqualTo("bot.assigned");
            assertThat(header(raw, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(raw, "ce_source")).isEqualTo("/warmpool/test");
            assertThat(header(raw, "ce_id")).isNotBlank();
            assertThat(header(raw, "ce_time")).startsWith("2026-01-01T00:00:00.004");
            assertThat(header(raw, "content-type")).isEqualTo("application/json");
            assertThat(new String(raw.key(), StandardCharsets.UTF_8)).isEqualTo("s-1");
        }
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillServed() throws Exception {
        String topic = topics.of(EventType.SESSION_REQUESTED);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(broker.producerConfig())) {
            raw.send(new ProducerRecord<>(topic, "default".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        SessionRequested good = SessionRequested.of("s-after-garbage", "default", "r-1", 1, 1000, 2000);
        publisher.publish(good).await(30, TimeUnit.SECONDS);

        List<ConsumedEvent> received = new CopyOnWriteArrayList<>();
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        consume("dlq-group", received).onDeadLetter(letters::add);

        await(() -> received.size() == 1 && letters.size() == 1);
        assertThat(received.get(0).event()).isEqualTo(good);

        ConsumerRecord<byte[], byte[]> dead = readRaw(topics.deadLetter(), 1).get(0);
        assertThat(header(dead, DeadLetter.HEADER_TOPIC)).isEqualTo(topic);
        assertThat(header(dead, DeadLetter.HEADER_OFFSET)).isEqualTo("0");
        assertThat(header(dead, DeadLetter.HEADER_CONSUMER)).isEqualTo("dlq-group");
        assertThat(header(dead, DeadLetter.HEADER_ERROR))
                .startsWith("topic '" + topic + "': envelope: ");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                .contains("\"value\":\"" + java.util.Base64.getEncoder()
                        .encodeToString("{not json".getBytes(StandardCharsets.UTF_8)) + "\"");

        // Both records are committed once handled: a restart would not read them again.
        await(() -> committed("dlq-group", new TopicPartition(topic, 0)) == 2);
    }

    private long committed(String group, TopicPartition tp) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = broker.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata o = offsets.get(tp);
        return o == null ? -1 : o.offset();
    }

    private List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int count) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(broker.consumerConfig("raw-" + System.nanoTime()))) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + WAIT.toNanos();
            while (out.size() < count && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(count);
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        Await.until(() -> {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, WAIT, () -> "condition not met");
    }
}
