package io.warmpool.bench.stack;

import io.warmpool.standalone.EmbeddedKafka;
import java.nio.file.Path;

/**
 * The suite's Kafka broker as a process of its own, so that it can be paused with SIGSTOP, killed and
 * started again on the same data: {@code BrokerMain DATA_DIR PORT PARTITIONS}. Prints {@code ready
 * BOOTSTRAP} once it serves; SIGTERM shuts it down cleanly.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println("ready " + kafka.bootstrap());
        System.out.flush();
        Thread.currentThread().join();
    }
}
