package io.warmpool.bench.stack;

import io.warmpool.bench.scenario.ChildJvm;
import io.warmpool.events.Topics;
import io.warmpool.runtime.kafka.KafkaTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The run's Kafka: one KRaft node in a JVM of its own ({@link BrokerMain}) on a fixed data folder
 * and port, so that a restart brings back the same broker with the same records.
 */
public final class Broker implements Part, AutoCloseable {
    private static final Duration START = Duration.ofMinutes(2);

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private Service process;
    private int starts;

    private Broker(Path dataDir, Path logDir, int port) {
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.port = port;
    }

    public static Broker start(Path work) throws Exception {
        Broker b = new Broker(work.resolve("kafka"), work, BenchBroker.freePort());
        b.startProcess();
        return b;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Service process() {
        return process;
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public void pause() {
        process.pause();
    }

    @Override
    public void resume() {
        process.resume();
    }

    @Override
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Stops it cleanly (SIGTERM), then starts it again on the same data and port, once it serves. */
    public void restart() throws Exception {
        process.stop(Duration.ofMinutes(1));
        startProcess();
    }

    private void startProcess() throws Exception {
        Path log = logDir.resolve("broker-" + (++starts) + ".log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        ProcessBuilder pb = ChildJvm.command(List.of("-Xmx768m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                BrokerMain.class.getName(), dataDir.toString(), Integer.toString(port),
                Integer.toString(KafkaTopics.DEFAULT_PARTITIONS));
        process = Service.of("broker", pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
        Wait.until("the broker's ready line in " + log, START, () -> {
            if (!process.alive()) {
                throw new IllegalStateException("the broker exited; see " + log);
            }
            return read(log).contains("ready " + bootstrap());
        });
    }

    /** Creates every topic of an installation under {@code prefix}. */
    public Topics topics(String prefix) throws Exception {
        Topics topics = new Topics(prefix);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            KafkaTopics.using(admin).createMissing(topics, KafkaTopics.DEFAULT_PARTITIONS);
        }
        return topics;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(Duration.ofMinutes(1));
    }
}
