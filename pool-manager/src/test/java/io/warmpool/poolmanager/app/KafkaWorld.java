package io.warmpool.poolmanager.app;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EncodedEvent;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The world around an allocator in an integration test, over the real broker: routers and bots
 * that send events, and an observer that reads every topic. Each instance has its own topic prefix.
 */
final class KafkaWorld implements AutoCloseable {
    static final int PARTITIONS = 4;

    /** One record read back, decoded when it is an event; {@code source} is its ce_source. */
    record Seen(String topic, WarmpoolEvent event, String source, long receivedAt, ConsumerRecord<byte[], byte[]> raw) {
    }

    final Topics topics;
    final EventCodec codec;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread observer;
    private final List<Consumer<Seen>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Long> seqs = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    KafkaWorld(KafkaBroker broker, String prefix) {
        topics = new Topics(prefix);
        broker.createTopics(PARTITIONS, topics.all().toArray(String[]::new));
        codec = new EventCodec(topics, URI.create("urn:test:" + prefix));
        Map<String, Object> p = broker.producerConfig();
        p.put("linger.ms", 0);
        p.put("acks", "all");
        producer = new KafkaProducer<>(p);
        Map<String, Object> c = broker.consumerConfig("observer-" + prefix);
        c.put("max.poll.records", 1000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(topics.all());
        observer = new Thread(() -> observe(consumer), "observer-" + prefix);
        observer.setDaemon(true);
        observer.start();
    }

    private void observe(KafkaConsumer<byte[], byte[]> consumer) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    WarmpoolEvent event = null;
                    if (!r.topic().equals(topics.deadLetter())) {
                        try {
                            event = codec.decode(r.topic(), r.headers(), r.value());
                        } catch (RuntimeException malformed) {
                            // the tests' own garbage, read back
                        }
                    }
                    Header source = r.headers().lastHeader("ce_source");
                    Seen s = new Seen(r.topic(), event, source == null ? null
                            : new String(source.value(), StandardCharsets.UTF_8), System.currentTimeMillis(), r);
                    seen.add(s);
                    listeners.forEach(l -> l.accept(s));
                }
            }
        }
    }

    void onSeen(Consumer<Seen> listener) {
        listeners.add(listener);
    }

    void send(WarmpoolEvent event) {
        EncodedEvent e = codec.encode(event);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(e.topic(), null,
                e.key().getBytes(StandardCharsets.UTF_8), e.payload(), e.headers());
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("cannot send " + event, ex);
        }
    }

    void sendRaw(EventType type, String key, byte[] value, List<Header> headers) {
        try {
            producer.send(new ProducerRecord<>(topics.of(type), null, key.getBytes(StandardCharsets.UTF_8), value,
                    new ArrayList<>(headers))).get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("cannot send raw record", ex);
        }
    }

    static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the next heartbeat of a bot, with a growing seq. */
    void beat(String botId, String pool, BotState state, String sessionId, String provisionId) {
        long now = System.currentTimeMillis();
        long seq = seqs.merge(botId, 1L, Long::sum);
        send(BotHeartbeat.of(botId, pool, state, state == BotState.STARTING || state == BotState.EXITING ? null
                : new io.warmpool.events.Endpoint("127.0.0.1", 9000), sessionId, provisionId, seq, now - 1,
                state == BotState.STARTING ? null : now, now));
    }

    <T extends WarmpoolEvent> List<T> events(Class<T> type) {
        return seen.stream().filter(s -> type.isInstance(s.event())).map(s -> type.cast(s.event())).toList();
    }

    List<Seen> seenOf(Class<? extends WarmpoolEvent> type) {
        return seen.stream().filter(s -> type.isInstance(s.event())).toList();
    }

    List<Seen> deadLetters() {
        return seen.stream().filter(s -> s.topic().equals(topics.deadLetter())).toList();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        observer.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
