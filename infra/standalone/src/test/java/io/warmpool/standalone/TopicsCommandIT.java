package io.warmpool.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./warmpool topics} against the real in-process broker: create, check, refuse bad arguments. */
@WithKafka
class TopicsCommandIT {
    private final KafkaBroker broker;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    TopicsCommandIT(KafkaBroker broker) {
        this.broker = broker;
    }

    private int topics(String... args) {
        out.reset();
        err.reset();
        return TopicsCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkReportsMissingThenCreateMakesEveryTopicThenCheckPasses() {
        String prefix = "cmd" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);

        assertThat(topics("--bootstrap", broker.bootstrapServers(), "--prefix", prefix, "--check")).isEqualTo(1);
        assertThat(output()).contains("problem: missing: " + topics.of(EventType.SESSION_REQUESTED),
                topics.all().size() + " problem(s)");

        assertThat(topics("--bootstrap", broker.bootstrapServers(), "--prefix", prefix, "--partitions", "3"))
                .as(output()).isZero();
        assertThat(output()).contains("created " + topics.all().size() + " topic(s) with 3 partition(s)",
                "ok: every topic exists with 3 partition(s)");

        Await.until("--check passes once the new topics are listed", Duration.ofSeconds(30),
                () -> topics("--bootstrap", broker.bootstrapServers(), "--prefix", prefix, "--partitions", "3",
                        "--check") == 0);
        assertThat(topics("--bootstrap", broker.bootstrapServers(), "--prefix", prefix, "--check"))
                .as("4 partitions expected by default, 3 there").isEqualTo(1);
        assertThat(output()).contains("partitions: " + topics.of(EventType.BOT_HEARTBEAT) + " has 3, expected 4");
    }

    @Test
    void allocatorInputsWithDifferentCountsAreAProblemCreateDoesNotHide() {
        String prefix = "mix" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix);
        broker.createTopics(1, topics.of(EventType.SESSION_ENDED));

        int exit = topics("--bootstrap", broker.bootstrapServers(), "--prefix", prefix);

        assertThat(exit).as(output()).isEqualTo(1);
        assertThat(output()).contains("different partition counts", topics.of(EventType.SESSION_ENDED) + "=1");
    }

    @Test
    void badArgumentsExitTwoNamingTheArgument() {
        assertThat(topics("--partitions", "zero")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--partitions must be a whole number");
        assertThat(topics("--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theShadedJarRunsIt(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target/warmpool-standalone.jar");
        assertThat(jar).as("the shaded jar, built by 'mvn package'").exists();
        String prefix = "jar" + System.nanoTime() + ".";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "io.warmpool.standalone.TopicsCommand", "--prefix", prefix));
        Path log = dir.resolve("topics.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("ok: every topic exists with 4 partition(s)");
    }
}
