package io.warmpool.poolmanager.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.runtime.kafka.KafkaTopics;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocator's start condition on the topics: its inputs share one partition count, or pool
 * ownership is wrong (a pool's requests on one allocator, its heartbeats on another).
 */
final class AllocatorTopics {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorTopics.class);

    private AllocatorTopics() {
    }

    /**
     * Fails with a {@link ConfigException} naming the counts when the inputs differ. A cluster that
     * does not answer is no reason to stop: readiness reports Kafka, and the check is made again at
     * the next start.
     */
    static Future<Void> check(Vertx vertx, KafkaSettings kafka) {
        return vertx.executeBlocking(() -> {
                    try (KafkaTopics topics = KafkaTopics.connect(kafka, "warmpool-allocator-topics")) {
                        return topics.describe(kafka.topics()).allocatorInputsMisaligned();
                    }
                }, false)
                .recover(e -> {
                    LOG.warn("could not check the allocator's topics on {}: {}", kafka.bootstrap(), e.getMessage());
                    return Future.succeededFuture(Optional.empty());
                })
                .compose(problem -> problem.<Future<Void>>map(p -> Future.failedFuture(new ConfigException(p)))
                        .orElse(Future.succeededFuture()));
    }
}
