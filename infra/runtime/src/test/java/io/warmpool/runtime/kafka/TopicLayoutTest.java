package io.warmpool.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.Topics;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {
    private static final Topics TOPICS = new Topics("p.");

    private static Map<String, Integer> all(int partitions) {
        Map<String, Integer> m = new HashMap<>();
        TOPICS.all().forEach(t -> m.put(t, partitions));
        return m;
    }

    @Test
    void aCompleteEvenLayoutHasNoProblem() {
        TopicLayout layout = new TopicLayout(TOPICS, all(4));
        assertThat(layout.missing()).isEmpty();
        assertThat(layout.allocatorInputsMisaligned()).isEmpty();
        assertThat(layout.problems(4)).isEmpty();
    }

    @Test
    void missingTopicsAreListedInOrder() {
        Map<String, Integer> m = all(4);
        m.remove("p.bot.heartbeat");
        m.remove("p.warmpool.dlq");
        TopicLayout layout = new TopicLayout(TOPICS, m);
        assertThat(layout.missing()).containsExactly("p.bot.heartbeat", "p.warmpool.dlq");
        assertThat(layout.problems(4)).containsExactly("missing: p.bot.heartbeat", "missing: p.warmpool.dlq");
        assertThat(layout.allocatorInputsMisaligned()).as("a missing input is not a mismatch").isEmpty();
    }

    @Test
    void anAllocatorInputWithAnotherCountIsMisaligned() {
        Map<String, Integer> m = all(4);
        m.put("p.session.ended", 2);
        TopicLayout layout = new TopicLayout(TOPICS, m);
        assertThat(layout.allocatorInputsMisaligned()).get().asString()
                .contains("p.session.requested=4", "p.session.ended=2", "different partition counts");
        assertThat(layout.problems(4)).contains("partitions: p.session.ended has 2, expected 4");
    }

    @Test
    void aTopicOutsideTheAllocatorsInputsMayDiffer() {
        Map<String, Integer> m = all(4);
        m.put("p.bot.assigned", 1);
        TopicLayout layout = new TopicLayout(TOPICS, m);
        assertThat(layout.allocatorInputsMisaligned()).isEmpty();
        assertThat(layout.problems(4)).containsExactly("partitions: p.bot.assigned has 1, expected 4");
    }

    @Test
    void evenInputsWithAnotherCountThanAskedAreOnlyACountProblem() {
        TopicLayout layout = new TopicLayout(TOPICS, all(8));
        assertThat(layout.allocatorInputsMisaligned()).isEmpty();
        assertThat(layout.problems(4)).hasSize(TOPICS.all().size()).allMatch(p -> p.endsWith("has 8, expected 4"));
    }
}
