package io.warmpool.runtime.kafka;

import io.vertx.core.Future;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.warmpool.events.EventType;
import io.warmpool.events.InvalidFieldException;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.events.codec.EventDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads warmpool events with a poll loop on the Vert.x context: each record is decoded and handed
 * to the handler, whose future completes when the record's outputs are acknowledged. Per partition,
 * an offset is committed only once it and every record before it are acknowledged, so a crash
 * replays rather than loses (at-least-once).
 *
 * <p>Failures: a record that cannot be decoded, or that the handler rejects as bad input, goes to
 * the dead-letter topic and the loop goes on (invariant 5); a handler bug (any other exception) is
 * logged with the record's coordinates, counted, and dead-lettered too, so nothing is lost. A
 * dead letter that cannot be published is retried with a bounded backoff and its record stays
 * uncommitted meanwhile. A failed output pauses its partition and, after a bounded backoff, reads
 * it again from the first unacknowledged offset (handlers are idempotent). While a partition is in
 * trouble {@link #health()} fails with the reason.
 */
public final class EventConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    /** A flood of bad records logs its first lines and a count, not a line each. */
    private static final Duration DEAD_LETTER_LOG_WINDOW = Duration.ofSeconds(10);
    private static final int DEAD_LETTER_LINES_PER_WINDOW = 20;
    private final LogBudget deadLetterLog = new LogBudget(DEAD_LETTER_LINES_PER_WINDOW,
            DEAD_LETTER_LOG_WINDOW.toMillis());
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 30_000;
    /**
     * How long acknowledged offsets wait to be committed, gathering the acknowledgements of that
     * while. The client runs a commit synchronously on the thread that polls, so a record that
     * arrives during a commit waits for the commit's round trip: one commit per batch puts that
     * wait on almost every hop. A crash replays at most this much more (handlers are idempotent).
     */
    static final long COMMIT_EVERY_MS = 200;
    /** Records handled in one turn of the event loop before it is given back (see {@link #handleSlice}). */
    private static final int RECORDS_PER_TURN = 64;

    /** One assigned partition: what is in flight, and whether it is being read again after a failure. */
    private static final class Lane {
        PartitionProgress progress = new PartitionProgress(0);
        boolean recovering;
        long validFromPoll;
        int failuresInARow;
        String problem;
        long problemOffset;
    }

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
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final AtomicLong outputFailures = new AtomicLong();
    private final AtomicLong deadLetterFailures = new AtomicLong();
    private final AtomicLong internalErrors = new AtomicLong();
    private Future<?> lastBatch = Future.succeededFuture();
    private Future<Void> commit = Future.succeededFuture();
    private boolean committing;
    private long commitTimer = -1;
    private long polls;
    private volatile boolean running;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile String problem;

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
            // Eager rebalancing restarts every assigned partition at its committed offset: whatever
            // was in flight before will be read again, so its late acknowledgements count for nothing.
            lanes.clear();
            partitions.forEach(tp -> lanes.put(tp, new Lane()));
            // A partition kept across the rebalance keeps its pause, and the timer that would have
            // resumed it now belongs to a discarded lane: resume them all.
            consumer.resume(partitions);
            refreshProblem();
            assignment = Set.copyOf(partitions);
            assignedListener.accept(partitions);
        });
        consumer.partitionsRevokedHandler(partitions -> {
            assignment = Set.of();
            lanes.keySet().removeAll(partitions);
            uncommitted.keySet().removeAll(partitions); // no longer ours to commit
            refreshProblem();
            revokedListener.accept(partitions);
        });
    }

    /**
     * @param handler called on the event loop, in partition order; returns a future that completes
     *                when the outputs of that event are acknowledged. It throws
     *                {@link InvalidFieldException} for an event it cannot use (bad input); any other
     *                exception is taken for a bug of its own, and the handler must then have left
     *                its state as it was.
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

    /**
     * Counts this consumer's troubles, tagged with its group: {@code warmpool.consumer.output.failures}
     * (a record's outputs failed; its partition is read again), {@code warmpool.consumer.dlq.failures}
     * (a dead letter could not be published; retried), {@code warmpool.consumer.internal.errors}
     * (the handler threw on a valid event) and {@code warmpool.consumer.troubled} (1 while
     * {@link #health()} fails).
     */
    public EventConsumer metrics(MeterRegistry registry) {
        counter(registry, "warmpool.consumer.output.failures", "Records whose outputs failed", outputFailures);
        counter(registry, "warmpool.consumer.dlq.failures", "Dead letters that could not be published",
                deadLetterFailures);
        counter(registry, "warmpool.consumer.internal.errors", "Valid records the handler threw on",
                internalErrors);
        Gauge.builder("warmpool.consumer.troubled", this, c -> c.problem == null ? 0 : 1)
                .description("1 while a partition waits for a failed output or dead letter").tag("group", groupId)
                .register(registry);
        return this;
    }

    private void counter(MeterRegistry registry, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).tag("group", groupId)
                .register(registry);
    }

    /** Succeeds unless a partition is held back by a failed output or dead letter; the failure says which. */
    public Future<Void> health() {
        String now = problem;
        return now == null ? Future.succeededFuture() : Future.failedFuture(now);
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
        if (commitTimer >= 0) {
            vertx.cancelTimer(commitTimer);
            commitTimer = -1;
        }
        return started.transform(x -> lastBatch).transform(x -> commit).transform(x -> commitNow())
                .transform(x -> consumer == null ? Future.succeededFuture() : consumer.close());
    }

    private void tellHeldDeadLetters(long lines) {
        LOG.warn("dead-lettered {} more record(s) of {} in the last {} s, not logged one by one (warmpool_dlq_total"
                + " counts each)", lines, topics, DEAD_LETTER_LOG_WINDOW.toSeconds());
    }

    private void poll() {
        deadLetterLog.close(System.currentTimeMillis(), this::tellHeldDeadLetters);
        if (!running) {
            return;
        }
        // The client runs poll, seek, pause and resume one after another on its own thread, so a
        // poll started after a seek returns records from the new position; one started before may not.
        long generation = ++polls;
        consumer.poll(POLL_TIMEOUT).onComplete(ar -> {
            if (ar.succeeded()) {
                if (!running) {
                    return; // stopped while polling: left uncommitted for the next owner, not half handled
                }
                Promise<Void> batch = Promise.promise();
                lastBatch = batch.future();
                handleSlice(ar.result(), 0, generation, new ArrayList<>(ar.result().size()), batch);
            } else if (running) {
                LOG.warn("poll failed on {}, retrying: {}", topics, ar.cause().toString());
                vertx.setTimer(500, t -> poll());
            }
        });
    }

    /**
     * Hands a batch's records to the handler {@link #RECORDS_PER_TURN} at a time, giving the event loop
     * back between slices: a batch of bad records (each decoded, logged and dead-lettered) must not hold
     * the loop for seconds while timers such as session deadlines wait. Polls again once all are handed.
     */
    private void handleSlice(KafkaConsumerRecords<String, byte[]> records, int from, long generation,
                             List<Future<?>> outputs, Promise<Void> batch) {
        int to = Math.min(records.size(), from + RECORDS_PER_TURN);
        for (int i = from; i < to; i++) {
            ConsumerRecord<String, byte[]> record = records.recordAt(i).record();
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            Lane lane = lanes.computeIfAbsent(tp, p -> new Lane());
            if (lane.recovering || generation < lane.validFromPoll || !lane.progress.track(record.offset())) {
                continue; // read before the partition was sent back: it will come again
            }
            PartitionProgress progress = lane.progress;
            Future<?> output = handleRecord(record, lane);
            output.onComplete(ar -> settle(tp, progress, record.offset(), ar.failed() ? ar.cause() : null));
            outputs.add(output);
        }
        if (to < records.size() && running) {
            vertx.runOnContext(v -> handleSlice(records, to, generation, outputs, batch));
            return;
        }
        Future.join(outputs).<Void>mapEmpty().onComplete(batch);
        poll();
    }

    private void settle(TopicPartition tp, PartitionProgress progress, long offset, Throwable failure) {
        Lane lane = lanes.get(tp);
        if (lane == null || lane.progress != progress) {
            return; // revoked, or read again since: this acknowledgement counts for nothing
        }
        if (failure != null) {
            readAgain(tp, lane, offset, failure);
            return;
        }
        progress.acknowledge(offset).ifPresent(next -> {
            uncommitted.put(tp, new OffsetAndMetadata(next, null));
            commitSoon();
        });
        if (lane.problem != null && progress.passed(lane.problemOffset)) {
            LOG.info("{}-{} recovered: records up to offset {} acknowledged", tp.getTopic(), tp.getPartition(),
                    lane.problemOffset);
            lane.problem = null;
            lane.failuresInARow = 0;
            refreshProblem();
        }
    }

    /**
     * A record's outputs failed (a broker outage longer than the producer's delivery timeout, for
     * instance): committing any later offset of its partition would skip it. Pause the partition,
     * wait, then seek back to its first unacknowledged record and read on from there.
     */
    private void readAgain(TopicPartition tp, Lane lane, long offset, Throwable failure) {
        long from = lane.progress.firstUnacknowledged(offset);
        lane.failuresInARow++;
        // The reason before the count: whoever sees the failure counted also sees it in health().
        trouble(lane, offset, "output of " + tp.getTopic() + "-" + tp.getPartition() + "@" + offset + " failed: "
                + failure.getMessage());
        outputFailures.incrementAndGet();
        lane.recovering = true;
        lane.progress = new PartitionProgress(from);
        long delay = backoff(lane.failuresInARow);
        LOG.warn("outputs of {}-{}@{} failed ({}); reading the partition again from offset {} in {} ms",
                tp.getTopic(), tp.getPartition(), offset, failure.toString(), from, delay);
        consumer.pause(tp);
        vertx.setTimer(delay, t -> {
            if (!running || lanes.get(tp) != lane) {
                return; // revoked meanwhile: the next owner starts from the committed offset anyway
            }
            consumer.seek(tp, from);
            consumer.resume(tp);
            lane.validFromPoll = polls + 1;
            lane.recovering = false;
        });
    }

    private static long backoff(int failuresInARow) {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failuresInARow - 1, 10));
    }

    private void trouble(Lane lane, long offset, String why) {
        lane.problemOffset = lane.problem == null ? offset : Math.max(offset, lane.problemOffset);
        lane.problem = why;
        refreshProblem();
    }

    private void refreshProblem() {
        problem = lanes.values().stream().map(l -> l.problem).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
    }

    /**
     * At most one commit every {@link #COMMIT_EVERY_MS} and one in flight at a time, each carrying
     * every offset acknowledged meanwhile (see {@link #COMMIT_EVERY_MS} for why).
     */
    private void commitSoon() {
        if (committing || commitTimer >= 0 || uncommitted.isEmpty() || !running) {
            return;
        }
        commitTimer = vertx.setTimer(COMMIT_EVERY_MS, t -> {
            commitTimer = -1;
            if (!running) {
                return; // stop() commits what is left
            }
            committing = true;
            commit = commitNow().onComplete(ar -> {
                committing = false;
                commitSoon();
            });
        });
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

    private Future<?> handleRecord(ConsumerRecord<String, byte[]> record, Lane lane) {
        try {
            var event = publisher.codec().decode(record.topic(), record.headers(), record.value());
            return handler.apply(new ConsumedEvent(event, record.topic(), record.partition(), record.offset()));
        } catch (EventDecodingException | InvalidFieldException e) {
            return deadLetter(record, lane, e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours, not bad input: loud, counted, and the record kept (in the DLQ) for a replay once fixed.
            internalErrors.incrementAndGet();
            LOG.error("internal error handling {}-{}@{} (group {})", record.topic(), record.partition(),
                    record.offset(), groupId, e);
            return deadLetter(record, lane, "internal error: " + e);
        }
    }

    private Future<Void> deadLetter(ConsumerRecord<String, byte[]> record, Lane lane, String error) {
        if (deadLetterLog.take(System.currentTimeMillis(), this::tellHeldDeadLetters)) {
            LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), error);
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), key, record.value(),
                record.headers().toArray(), error, groupId, System.currentTimeMillis());
        deadLetterListener.accept(letter);
        Promise<Void> sent = Promise.promise();
        sendDeadLetter(letter, lane, 1, sent);
        return sent.future();
    }

    /** Until the dead letter is acknowledged its record stays uncommitted: neither handled nor kept is not an option. */
    private void sendDeadLetter(DeadLetter letter, Lane lane, int attempt, Promise<Void> sent) {
        publisher.deadLetter(letter).onComplete(ar -> {
            if (ar.succeeded()) {
                sent.complete();
                return;
            }
            TopicPartition tp = new TopicPartition(letter.topic(), letter.partition());
            if (!running || lanes.get(tp) != lane) {
                deadLetterFailures.incrementAndGet();
                sent.fail(ar.cause()); // no longer ours: the next owner reads the record again
                return;
            }
            long delay = backoff(attempt);
            trouble(lane, letter.offset(), "dead letter of " + letter.topic() + "-" + letter.partition() + "@"
                    + letter.offset() + " not published: " + ar.cause().getMessage());
            deadLetterFailures.incrementAndGet(); // after the reason, as for outputs
            LOG.error("could not dead-letter {}-{}@{} (attempt {}), retrying in {} ms: {}", letter.topic(),
                    letter.partition(), letter.offset(), attempt, delay, ar.cause().toString());
            vertx.setTimer(delay, t -> sendDeadLetter(letter, lane, attempt + 1, sent));
        });
    }
}
