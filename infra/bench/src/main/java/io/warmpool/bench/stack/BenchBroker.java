package io.warmpool.bench.stack;

import io.warmpool.events.Topics;
import io.warmpool.runtime.kafka.KafkaTopics;
import io.warmpool.standalone.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one broker of a run: the standalone stack's embedded KRaft node on loopback. Each scenario
 * gets topics under a prefix of its own, so no scenario reads another's events.
 */
public final class BenchBroker implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final Admin admin;

    private BenchBroker(EmbeddedKafka kafka) {
        this.kafka = kafka;
        this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()));
    }

    public static BenchBroker start(Path dataDir) throws Exception {
        return new BenchBroker(EmbeddedKafka.start(dataDir, freePort(), KafkaTopics.DEFAULT_PARTITIONS));
    }

    public String bootstrap() {
        return kafka.bootstrap();
    }

    /** Creates every topic of an installation under {@code prefix}. */
    public Topics topics(String prefix) throws Exception {
        Topics topics = new Topics(prefix);
        KafkaTopics.using(admin).createMissing(topics, KafkaTopics.DEFAULT_PARTITIONS);
        return topics;
    }

    public void createTopics(List<String> names, int partitions) throws Exception {
        admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                .all().get(60, TimeUnit.SECONDS);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        admin.close();
        kafka.close();
    }
}
