package io.warmpool.faults.stack;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.events.codec.EventCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain consumer of every topic of one installation and of its dead-letter topic, from the
 * beginning, on a thread of its own: the suite's count of what the services said, independent of
 * their own counters. It rides out broker pauses and restarts as any client does.
 */
public final class Recorder implements AutoCloseable {
    /** A heartbeat as read: the bot, its state and session, its sequence number and when it was sent. */
    public record Beat(String botId, BotState state, String sessionId, long seq, String host, int port, long at) {
    }

    /** A pool.status as read: when the allocator emitted it and the READY count it reported. */
    public record Status(long at, int ready, int total) {
    }

    private final Topics topics;
    private final String pool;
    private final EventCodec codec;
    private final List<Beat> beats = new ArrayList<>();
    private final List<Status> statuses = new ArrayList<>();
    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
    private final Map<String, ConsumerRecord<byte[], byte[]>> firstValid = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public Recorder(String bootstrap, Topics topics, String pool) {
        this.topics = topics;
        this.pool = pool;
        this.codec = new EventCodec(topics, URI.create("urn:warmpool:faults"));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName(),
                "fetch.max.wait.ms", "50"));
        List<TopicPartition> partitions = topics.all().stream()
                .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(this::record);
                }
            }
        }, "faults-recorder-" + topics.prefix());
        thread.setDaemon(true);
        thread.start();
    }

    private void record(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(topics.deadLetter())) {
            deadLettered.add(header(r, DeadLetter.HEADER_TOPIC) + "/" + header(r, DeadLetter.HEADER_PARTITION) + "/"
                    + header(r, DeadLetter.HEADER_OFFSET));
            return;
        }
        WarmpoolEvent event;
        try {
            event = codec.decode(r.topic(), r.headers(), r.value());
        } catch (RuntimeException malformed) {
            return; // the suite's own malformed records: what matters is that they reach the DLQ
        }
        firstValid.putIfAbsent(r.topic(), r);
        if (event instanceof BotHeartbeat h && h.pool().equals(pool)) {
            synchronized (beats) {
                beats.add(new Beat(h.botId(), h.state(), h.sessionId(), h.seq(),
                        h.endpoint() == null ? null : h.endpoint().host(),
                        h.endpoint() == null ? -1 : h.endpoint().port(), h.sentAt()));
            }
        } else if (event instanceof PoolStatus s && s.pool().equals(pool)) {
            synchronized (statuses) {
                statuses.add(new Status(s.emittedAt(), s.snapshot().ready(), s.snapshot().total()));
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    public List<Beat> beats() {
        synchronized (beats) {
            return List.copyOf(beats);
        }
    }

    public List<Status> statuses() {
        synchronized (statuses) {
            return List.copyOf(statuses);
        }
    }

    /** Each bot's latest heartbeat. */
    public Map<String, Beat> latest() {
        Map<String, Beat> latest = new java.util.HashMap<>();
        for (Beat b : beats()) {
            latest.merge(b.botId(), b, (old, now) -> now.seq() >= old.seq() ? now : old);
        }
        return latest;
    }

    /** The dead-lettered originals, as {@code topic/partition/offset}. */
    public Set<String> deadLettered() {
        return new HashSet<>(deadLettered);
    }

    /** A well-formed record seen on {@code topic}, to build a faulty one from. */
    public Optional<ConsumerRecord<byte[], byte[]>> sample(String topic) {
        return Optional.ofNullable(firstValid.get(topic));
    }

    public static String key(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
