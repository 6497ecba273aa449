package io.warmpool.runtime.kafka;

import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The partition counts a cluster has for an installation's topics (a missing topic is absent), and
 * what is wrong with them. Pure: {@link KafkaTopics} reads and creates, this decides.
 */
public record TopicLayout(Topics topics, Map<String, Integer> partitions) {
    public TopicLayout {
        partitions = Map.copyOf(partitions);
    }

    /** The installation's topics the cluster does not have, in {@link Topics#all()} order. */
    public List<String> missing() {
        return topics.all().stream().filter(t -> !partitions.containsKey(t)).toList();
    }

    /**
     * Why the allocator cannot own pools on this layout: its existing input topics have different
     * partition counts, so a pool's partition P of one is not partition P of another.
     */
    public Optional<String> allocatorInputsMisaligned() {
        Map<String, Integer> inputs = new LinkedHashMap<>();
        for (EventType type : Topics.ALLOCATOR_INPUTS) {
            String topic = topics.of(type);
            if (partitions.containsKey(topic)) {
                inputs.put(topic, partitions.get(topic));
            }
        }
        if (inputs.values().stream().distinct().count() <= 1) {
            return Optional.empty();
        }
        return Optional.of("the allocator's input topics have different partition counts ("
                + describe(inputs) + "); a pool must be the same partition in each of them: recreate them with one "
                + "count (./warmpool topics --check lists the layout)");
    }

    /** Everything that differs from {@code expected} partitions per topic, one line each; empty when all is well. */
    public List<String> problems(int expected) {
        List<String> problems = new ArrayList<>();
        missing().forEach(t -> problems.add("missing: " + t));
        partitions.forEach((topic, count) -> {
            if (count != expected) {
                problems.add("partitions: " + topic + " has " + count + ", expected " + expected);
            }
        });
        problems.sort(null);
        allocatorInputsMisaligned().ifPresent(problems::add);
        return problems;
    }

    private static String describe(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
