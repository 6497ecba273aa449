package io.warmpool.bench.scenario;

import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.BenchBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor: one Kafka hop (a synchronous acks=all send, then the poll that reads it) on the bench
 * broker. Kafka's own {@code EndToEndLatency} runs as its script runs it, in a JVM of its own; it
 * prints whole, truncated milliseconds, so the same loop is also run here and recorded in
 * microseconds, which is what the ratios use.
 */
public final class KafkaFloor {
    static final int MESSAGE_BYTES = 512; // about the size of a session.requested or bot.assigned event
    private static final Pattern AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");
    private static final Pattern PERCENTILES =
            Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

    private KafkaFloor() {
    }

    public static void run(BenchBroker broker, BenchOptions o, Results results) throws Exception {
        broker.createTopics(List.of("bench-floor-tool", "bench-floor-hop"), 1);
        Progress.say("floor: Kafka EndToEndLatency, %d messages of %d bytes, acks=all", o.floorMessages(),
                MESSAGE_BYTES);
        String out = ChildJvm.run(Duration.ofMinutes(5), "org.apache.kafka.tools.EndToEndLatency",
                broker.bootstrap(), "bench-floor-tool", Integer.toString(o.floorMessages()), "all",
                Integer.toString(MESSAGE_BYTES));
        Matcher avg = AVERAGE.matcher(out);
        Matcher pct = PERCENTILES.matcher(out);
        if (!avg.find() || !pct.find()) {
            throw new IllegalStateException("EndToEndLatency printed no result:\n" + out);
        }
        results.number("kafkaTool.avgMs", Double.parseDouble(avg.group(1)));
        results.number("kafkaTool.p50Ms", Integer.parseInt(pct.group(1)));
        results.number("kafkaTool.p99Ms", Integer.parseInt(pct.group(2)));
        results.number("kafkaTool.p999Ms", Integer.parseInt(pct.group(3)));

        Progress.say("floor: the same loop in microseconds, %d messages", o.floorMessages());
        results.add(new Figure("kafka.hop", "floor: one Kafka hop, acks=all (EndToEndLatency's loop, in us)",
                hop(broker.bootstrap(), "bench-floor-hop", o.floorMessages())));
    }

    /** EndToEndLatency's loop: send and wait for the ack, then poll until the record is back. */
    private static Histogram hop(String bootstrap, String topic, int messages) {
        Map<String, Object> common = Map.of("bootstrap.servers", bootstrap);
        Histogram h = Figure.newHistogram();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(merge(common, Map.of("acks", "all",
                "linger.ms", "0")), new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(merge(common, Map.of(
                     "fetch.max.wait.ms", "0", "enable.auto.commit", "false")), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            Random random = new Random(0);
            byte[] message = new byte[MESSAGE_BYTES];
            for (int i = 0; i < messages; i++) {
                random.nextBytes(message);
                long begin = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, message)).get();
                int read = 0;
                while (read == 0) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(10));
                    if (records.isEmpty()) {
                        throw new IllegalStateException("a sent record did not come back within 10 s");
                    }
                    read = records.count();
                }
                h.recordValue(Math.max(1, (System.nanoTime() - begin) / 1_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e);
        }
        return h;
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
