package io.warmpool.runtime.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.warmpool.events.EventType;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.events.codec.EventDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads warmpool events with a poll loop on the Vert.x context: each record is decoded and handed
 * to the handler, whose future completes when the record's outputs are acknowledged; offsets of a
 * batch are committed only after those futures (and the previous batch's) complete, so a crash
 * replays rather than loses (at-least-once). A record that cannot be decoded, or that the handler
 * throws on, goes to the dead-letter topic and the loop goes on (invariant 5).
 */
public final class EventConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final Vertx vertx;
    private final Map<String, String> config;
    private KafkaConsumer<String, byte[]> consumer; // built by start()
    private Future<Void> started = Future.succeededFuture();
    private final EventPublisher publisher;
    private final String groupId;
    private final List<String> topics;
    private final Function<ConsumedEvent, Future<?>> handler;
    private Consumer<DeadLetter> deadLetterListener = letter -> { };
    private Consumer<Set<TopicPartition>> assignedListener = partitions -> { };
    private Consumer<Set<TopicPartition>> revokedListener = partitions -> { };
    private Future<?> previousBatch = Future.succeededFuture();
    private Future<?> previousAcks = Future.succeededFuture();
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private Future<Void> commit = Future.succeededFuture();
    private boolean committing;
    private volatile boolean running;
    private volatile Set<TopicPartition> assignment = Set.of();

    private EventConsumer(Vertx vertx, Map<String, String> config, EventPublisher publisher,
                          String groupId, List<String> topics, Function<ConsumedEvent, Future<?>> handler) {
        this.vertx = vertx;
        this.config = config;
        this.publisher = publisher;
        this.groupId = groupId;
        this.topics = topics;
        this.handler = handler;
    }

    private void listen(KafkaConsumer<String, byte[]> created) {
        consumer = created;
        consumer.partitionsAssignedHandler(partitions -> {
            // Eager rebalancing restarts every assigned partition at its committed offset, so records
            // whose outputs failed before will be read again: later commits no longer skip them.
            previousAcks = Future.succeededFuture();
            assignment = Set.copyOf(partitions);
            assignedListener.accept(partitions);
        });
        consumer.partitionsRevokedHandler(partitions -> {
            assignment = Set.of();
            uncommitted.keySet().removeAll(partitions); // no longer ours to commit
            revokedListener.accept(partitions);
        });
    }

    /**
     * @param handler called on the event loop, in partition order; returns a future that completes
     *                when the outputs of that event are acknowledged
     */
    public static EventConsumer create(Vertx vertx, KafkaSettings settings, String clientId, String groupId,
                                       boolean fromEarliest, EventPublisher publisher, List<EventType> types,
                                       Function<ConsumedEvent, Future<?>> handler) {
        Map<String, String> config = settings.consumer(clientId, groupId, fromEarliest);
        List<String> topics = types.stream().map(settings.topics()::of).toList();
        return new EventConsumer(vertx, config, publisher, groupId, topics, handler);
    }

    /** Called on the event loop with the newly assigned partitions (eager rebalancing: the whole set). */
    public EventConsumer onAssigned(Consumer<Set<TopicPartition>> listener) {
        this.assignedListener = listener;
        return this;
    }

    public EventConsumer onRevoked(Consumer<Set<TopicPartition>> listener) {
        this.revokedListener = listener;
        return this;
    }

    public EventConsumer onDeadLetter(Consumer<DeadLetter> listener) {
        this.deadLetterListener = listener;
        return this;
    }

    /** Partitions held since the last rebalance; empty until the group has assigned some. */
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /**
     * Completes when every assigned partition has a fetch position. A consumer that starts from
     * {@code latest} sees every record published after this, and may skip records published before.
     */
    public Future<Void> positioned() {
        return Future.all(assignment.stream().map(consumer::position).toList()).mapEmpty();
    }

    /**
     * Builds the consumer on a worker thread (the Kafka constructor is too slow for an event loop;
     * {@code executeBlocking} keeps the caller's context current, so records and rebalances are
     * still handled there), subscribes and starts polling. Fails with Kafka's own message for a bad
     * setting.
     */
    public Future<Void> start() {
        running = true;
        started = vertx.executeBlocking(() -> KafkaConsumer.<String, byte[]>create(vertx, config))
                .compose(created -> {
                    listen(created);
                    return consumer.subscribe(Set.copyOf(topics));
                })
                .onSuccess(v -> poll());
        return started;
    }

    public Future<Void> stop() {
        running = false;
        return started.transform(x -> previousBatch).transform(x -> commit).transform(x -> commitNow())
                .transform(x -> consumer == null ? Future.succeededFuture() : consumer.close());
    }

    private void poll() {
        if (!running) {
            return;
        }
        consumer.poll(POLL_TIMEOUT).onComplete(ar -> {
            if (ar.succeeded()) {
                if (!running) {
                    return; // stopped while polling: left uncommitted for the next owner, not half handled
                }
                handleBatch(ar.result());
                poll();
            } else if (running) {
                LOG.warn("poll failed on {}, retrying: {}", topics, ar.cause().toString());
                vertx.setTimer(500, t -> poll());
            }
        });
    }

    private void handleBatch(KafkaConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<?>> outputs = new ArrayList<>(records.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = records.recordAt(i);
            outputs.add(handleRecord(record.record()));
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1, null));
        }
        // A failed output fails every later batch too, until the next assignment: committing a later
        // offset would skip the records whose outputs never made it. A failed commit blocks nothing.
        Future<Void> acknowledged = previousAcks.compose(x -> Future.join(outputs)).mapEmpty();
        previousAcks = acknowledged;
        previousBatch = acknowledged.onSuccess(v -> {
            uncommitted.putAll(offsets);
            commitSoon();
        });
    }

    /**
     * One commit in flight at a time, carrying every offset acknowledged meanwhile: the client runs
     * a commit on the thread that polls, so one commit per batch would hold back the next records.
     */
    private void commitSoon() {
        if (!committing && !uncommitted.isEmpty()) {
            committing = true;
            commit = commitNow().onComplete(ar -> {
                committing = false;
                commitSoon();
            });
        }
    }

    private Future<Void> commitNow() {
        if (uncommitted.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
        uncommitted.clear();
        return consumer.commit(offsets).<Void>mapEmpty()
                .onFailure(e -> LOG.warn("offsets of {} not committed (the records will be read again): {}",
                        offsets.keySet(), e.toString()));
    }

    private Future<?> handleRecord(ConsumerRecord<String, byte[]> record) {
        try {
            var event = publisher.codec().decode(record.topic(), record.headers(), record.value());
            return handler.apply(new ConsumedEvent(event, record.topic(), record.partition(), record.offset()));
        } catch (EventDecodingException e) {
            return deadLetter(record, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("handler failed on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return deadLetter(record, "handler failed: " + e);
        }
    }

    private Future<?> deadLetter(ConsumerRecord<String, byte[]> record, String error) {
        LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), error);
        byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), key, record.value(),
                record.headers().toArray(), error, groupId, System.currentTimeMillis());
        deadLetterListener.accept(letter);
        Promise<Void> sent = Promise.promise();
        publisher.deadLetter(letter).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(),
                        ar.cause());
            }
            sent.complete();
        });
        return sent.future();
    }
}
