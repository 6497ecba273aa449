package io.warmpool.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolStats;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.Topics;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.router.it.ChatClient;
import io.warmpool.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone stack as a user runs it, analytics on (windows of 2 s instead of a minute): the
 * chats a client makes come back as pool.stats records, read and strictly decoded by an outside
 * Kafka consumer, whose counts add up to exactly those chats.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneAnalyticsIT {
    private static final Path JAR = Path.of("target/warmpool-standalone.jar");
    private static final Pattern ROUTER = Pattern.compile("router: http://localhost:(\\d+) ");
    private static final int CHATS = 4;

    @TempDir
    Path work;
    private Process stack;
    private final Vertx vertx = Vertx.vertx();
    private final List<PoolStats> stats = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroy();
            if (!stack.waitFor(60, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void theChatsOfARunComeBackAsPoolStatsWithTheSameCounts() throws Exception {
        assertThat(JAR).as("the shaded jar, built by 'mvn package'").exists();
        int kafkaPort = freePort();
        Path log = work.resolve("standalone.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--port", "0", "--kafka-port", Integer.toString(kafkaPort), "--temp",
                "--warmup-ms", "300").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("WARMPOOL_BOT_DIR", work.resolve("bots").toString(),
                "WARMPOOL_HEARTBEAT_MS", "300", "WARMPOOL_ANALYTICS_WINDOW_MS", "2000",
                "WARMPOOL_ANALYTICS_GRACE_MS", "1000"));
        stack = builder.start();
        Await.until(() -> lines(log).contains("3/3 ready"), Duration.ofSeconds(150),
                () -> "the stack did not warm up:\n" + String.join("\n", lines(log)));
        assertThat(lines(log)).anyMatch(l -> l.startsWith("analytics: pool.stats every"));
        int port = lines(log).stream().map(ROUTER::matcher).filter(Matcher::find).findFirst()
                .map(m -> Integer.parseInt(m.group(1))).orElseThrow();

        for (int i = 0; i < CHATS; i++) {
            try {
                ChatClient.greetAndEnd(vertx, port, "default");
            } catch (AssertionError e) {
                // On a starved machine a chat may end early (bot_lost): it is still a session, counted below.
                System.out.println("chat " + i + " did not go as planned: " + e.getMessage());
            }
        }

        EventCodec codec = new EventCodec(Topics.unprefixed(), URI.create("/test"));
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(kafkaPort, EventType.POOL_STATS)) {
            Await.until(() -> {
                readInto(consumer, codec);
                return requested() >= CHATS && ended() + rejected() >= CHATS;
            }, Duration.ofSeconds(60), () -> "pool.stats so far: " + stats);
            // Two more windows: nothing is counted twice.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                readInto(consumer, codec);
            }
        }
        List<PoolStats> pool = stats.stream().filter(s -> s.pool().equals("default")).toList();
        long assigned = pool.stream().mapToLong(s -> s.sessions().assigned()).sum();
        assertThat(requested()).isEqualTo(CHATS);
        assertThat(assigned + rejected()).as("every session assigned or rejected, once").isEqualTo(CHATS);
        assertThat(pool.stream().mapToLong(s -> s.timeToAssignedMs().count()).sum()).isEqualTo(assigned);
        assertThat(ended()).as("every assigned session ended, once").isEqualTo(assigned);
        // Router, bot and allocator may each report an end (client_end, or bot_lost when the retiring
        // bot's socket closes first): the first report of each session counts, as on the topic.
        Map<String, Long> endedByReason = new java.util.TreeMap<>();
        pool.forEach(s -> s.sessions().ended().forEach((reason, n) -> endedByReason.merge(reason, n, Long::sum)));
        assertThat(endedByReason).isEqualTo(firstEndReasons(kafkaPort, codec));
        assertThat(pool).anySatisfy(s -> assertThat(s.bots().busyMs()).isPositive());
        assertThat(pool).anySatisfy(s -> assertThat(s.bots().readyMs()).isPositive());
        assertThat(pool.stream().mapToLong(s -> s.spawns().asked()).sum()).isGreaterThanOrEqualTo(CHATS);
        assertThat(pool).extracting(PoolStats::windowStart).doesNotHaveDuplicates();
    }

    /** session.ended as it is on the topic (one partition per pool, in order): the first reason of each session. */
    private static Map<String, Long> firstEndReasons(int kafkaPort, EventCodec codec) {
        Map<String, String> first = new java.util.LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(kafkaPort, EventType.SESSION_ENDED)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    SessionEnded e = (SessionEnded) codec.decode(r.topic(), r.headers(), r.value());
                    first.putIfAbsent(e.sessionId(), e.reason().wire());
                }
            }
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        first.values().forEach(reason -> counts.merge(reason, 1L, Long::sum));
        return counts;
    }

    /** A consumer of every partition of {@code type}'s topic, from the oldest record, in no group. */
    private static KafkaConsumer<String, byte[]> fromBeginning(int kafkaPort, EventType type) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", "localhost:" + kafkaPort),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(type.eventName()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private void readInto(KafkaConsumer<String, byte[]> consumer, EventCodec codec) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            stats.add((PoolStats) codec.decode(r.topic(), r.headers(), r.value()));
        }
    }

    private long requested() {
        return stats.stream().filter(s -> s.pool().equals("default")).mapToLong(s -> s.sessions().requested()).sum();
    }

    private long rejected() {
        return stats.stream().filter(s -> s.pool().equals("default")).mapToLong(s -> s.sessions().rejectedTotal()).sum();
    }

    private long ended() {
        return stats.stream().filter(s -> s.pool().equals("default")).mapToLong(s -> s.sessions().endedTotal()).sum();
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
