package io.warmpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaBrokerIT {

    private final KafkaBroker broker;

    KafkaBrokerIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void reportsHowLongItTookToStart() {
        assertThat(broker.startTime()).isPositive().isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void isTheBrokerSharedWithSharedBrokerIT() {
        // With SharedBrokerIT in the same run, a second start would show here or there, whatever the order.
        assertThat(KafkaBrokerExtension.starts()).isEqualTo(1);
        assertThat(KafkaBrokerExtension.broker()).isSameAs(broker);
    }

    @Test
    void createsTopicsIdempotently() throws Exception {
        broker.createTopics(3, "testkit.created");
        broker.createTopics(3, "testkit.created");

        assertThat(partitions("testkit.created")).isEqualTo(3);
    }

    @Test
    void producesAndConsumesARecordWithHeaders() throws Exception {
        String topic = "testkit.roundtrip";
        broker.createTopics(1, topic);
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", bytes("io.warmpool.test"));
        headers.add("ce_id", bytes("42"));

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, null, bytes("key"), bytes("hello"), headers)).get();
        }

        List<ConsumerRecord<byte[], byte[]>> received = consume(topic, "testkit.roundtrip", 1);
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).asString(StandardCharsets.UTF_8).isEqualTo("key");
            assertThat(record.value()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(record.headers().lastHeader("ce_type").value()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("io.warmpool.test");
            assertThat(record.headers().lastHeader("ce_id").value()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("42");
        });
    }

    @Test
    void autoCreatesTopicsWithFourPartitions() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("testkit.auto", bytes("x"))).get();
            assertThat(sent.offset()).isZero();
        }

        assertThat(partitions("testkit.auto")).isEqualTo(4);
    }

    private int partitions(String topic) throws Exception {
        TopicDescription description = broker.admin().describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().size();
    }

    private List<ConsumerRecord<byte[], byte[]>> consume(String topic, String groupId, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.consumerConfig(groupId))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
