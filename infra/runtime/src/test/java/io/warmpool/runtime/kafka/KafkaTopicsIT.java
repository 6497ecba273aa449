package io.warmpool.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Topic creation and checking against the real in-process broker. */
@WithKafka
class KafkaTopicsIT {
    private final KafkaBroker broker;

    KafkaTopicsIT(KafkaBroker broker) {
        this.broker = broker;
    }

    private KafkaTopics kafkaTopics() {
        return KafkaTopics.connect(KafkaSettings.of(broker.bootstrapServers(), Topics.unprefixed()), "topics-it");
    }

    @Test
    void createsWhatIsMissingWithTheAskedCountAndLeavesTheRest() {
        Topics topics = new Topics("create" + System.nanoTime() + ".");
        broker.createTopics(2, topics.of(EventType.BOT_ASSIGNED));
        try (KafkaTopics kafka = kafkaTopics()) {
            assertThat(kafka.describe(topics).missing()).hasSize(topics.all().size() - 1);

            TopicLayout after = kafka.createMissing(topics, 3);

            assertThat(after.missing()).isEmpty();
            assertThat(after.partitions()).containsEntry(topics.of(EventType.SESSION_REQUESTED), 3)
                    .containsEntry(topics.of(EventType.BOT_ASSIGNED), 2);
            assertThat(after.problems(3)).containsExactly(
                    "partitions: " + topics.of(EventType.BOT_ASSIGNED) + " has 2, expected 3");
            assertThat(kafka.createMissing(topics, 3)).as("a second run changes nothing").isEqualTo(after);
        }
    }

    @Test
    void seesAllocatorInputsWithDifferentCounts() {
        Topics topics = new Topics("skew" + System.nanoTime() + ".");
        broker.createTopics(1, topics.of(EventType.BOT_HEARTBEAT));
        try (KafkaTopics kafka = kafkaTopics()) {
            Await.until("the broker lists the topic it created", Duration.ofSeconds(30),
                    () -> kafka.describe(topics).partitions().containsKey(topics.of(EventType.BOT_HEARTBEAT)));
            TopicLayout layout = kafka.createMissing(topics, 4);
            assertThat(layout.allocatorInputsMisaligned()).get().asString()
                    .contains(topics.of(EventType.BOT_HEARTBEAT) + "=1");
        }
    }
}
