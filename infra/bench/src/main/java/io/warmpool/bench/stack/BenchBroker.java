package io.warmpool.bench.stack;

import io.warmpool.events.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one broker of a run: the standalone stack's KRaft node in a JVM of its own ({@link Broker}), so
 * that neither the services nor the load generator share its heap or its threads. Each scenario gets
 * topics under a prefix of its own, so no scenario reads another's events.
 */
public final class BenchBroker implements AutoCloseable {
    private final Broker broker;
    private final Admin admin;

    private BenchBroker(Broker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
    }

    /** Starts the broker with its data and log under {@code work}. */
    public static BenchBroker start(Path work) throws Exception {
        return new BenchBroker(Broker.start(work));
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    /** Creates every topic of an installation under {@code prefix}. */
    public Topics topics(String prefix) throws Exception {
        return broker.topics(prefix);
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
    public void close() throws InterruptedException {
        admin.close();
        broker.close();
    }
}
