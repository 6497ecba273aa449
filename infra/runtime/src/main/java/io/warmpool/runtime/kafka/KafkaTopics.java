package io.warmpool.runtime.kafka;

import io.warmpool.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place that creates and checks an installation's topics on a cluster: the standalone
 * stack, {@code ./warmpool topics}, the benchmarks and the tests go through it, and the pool manager
 * checks the layout here before its allocator starts. Blocking (Kafka's admin client): call it off
 * the event loop.
 */
public final class KafkaTopics implements AutoCloseable {
    /** Enough for several allocators to share the pools; more partitions, more allocators. */
    public static final int DEFAULT_PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final boolean owned;

    private KafkaTopics(Admin admin, boolean owned) {
        this.admin = admin;
        this.owned = owned;
    }

    /** Topics of the cluster {@code kafka} names, with its security settings; closes its admin client. */
    public static KafkaTopics connect(KafkaSettings kafka, String clientId) {
        return new KafkaTopics(Admin.create(new HashMap<String, Object>(kafka.admin(clientId))), true);
    }

    /** Topics through an admin client someone else closes. */
    public static KafkaTopics using(Admin admin) {
        return new KafkaTopics(admin, false);
    }

    /** The partition count of each of {@code topics} the cluster has. */
    public TopicLayout describe(Topics topics) {
        var existing = get(admin.listTopics().names());
        List<String> ours = topics.all().stream().filter(existing::contains).toList();
        Map<String, TopicDescription> described = ours.isEmpty() ? Map.of()
                : get(admin.describeTopics(ours).allTopicNames());
        Map<String, Integer> partitions = new HashMap<>();
        described.forEach((name, d) -> partitions.put(name, d.partitions().size()));
        return new TopicLayout(topics, partitions);
    }

    /**
     * Creates the topics the cluster lacks with {@code partitions} each (and the broker's default
     * replication); existing topics are left as they are, since changing a count moves pools
     * between partitions. Returns the layout after.
     */
    public TopicLayout createMissing(Topics topics, int partitions) {
        TopicLayout before = describe(topics);
        List<NewTopic> missing = before.missing().stream()
                .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList();
        // Built from the answers, not described again: a new topic's metadata reaches every broker a moment later.
        Map<String, Integer> after = new HashMap<>(before.partitions());
        List<String> existed = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, created) -> {
            try {
                get(created);
                after.put(name, partitions);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existed.add(name);
            }
        });
        after.putAll(partitionsOnceVisible(existed));
        return new TopicLayout(topics, after);
    }

    /**
     * Topics the cluster said exist though the listing lacked them (just created by someone else):
     * described as soon as their metadata is visible, within the admin timeout.
     */
    private Map<String, Integer> partitionsOnceVisible(List<String> names) {
        long giveUp = System.nanoTime() + TIMEOUT.toNanos();
        while (!names.isEmpty()) {
            try {
                Map<String, Integer> counts = new HashMap<>();
                get(admin.describeTopics(names).allTopicNames()).forEach((n, d) -> counts.put(n, d.partitions().size()));
                return counts;
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > giveUp) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names, e);
            }
        }
        return Map.of();
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer the admin call within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a Kafka admin call", e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
