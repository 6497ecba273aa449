package io.warmpool.poolmanager.provisioning.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a bot keeps the logs of the ten most recently removed bots and of every live one. */
class BotLogsTest {
    @TempDir
    Path dir;

    @Test
    void removingABotDeletesAllButTheNewestLogsOfRemovedBots() throws Exception {
        ProcessProvisioner provisioner = new ProcessProvisioner(dir, new BotLaunch(List.of("java")), Duration.ZERO);
        for (int i = 0; i < 15; i++) {
            Path log = Files.writeString(dir.resolve("gone-" + i + ".log"), "bye");
            Files.setLastModifiedTime(log, FileTime.fromMillis(1_000_000L + i * 1_000));
        }
        Path live = Files.writeString(dir.resolve("live.log"), "still here");
        Files.setLastModifiedTime(live, FileTime.fromMillis(1));
        new PidFile("live", ProcessHandle.current().pid(), "p", "x", 0).write(dir);
        Files.writeString(dir.resolve("last.log"), "just removed");
        new PidFile("last", 1, "p", "x", 0).write(dir);

        provisioner.remove("last");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")))
                    .containsExactlyInAnyOrder("live.log", "last.log", "gone-14.log", "gone-13.log", "gone-12.log",
                            "gone-11.log", "gone-10.log", "gone-9.log", "gone-8.log", "gone-7.log", "gone-6.log");
        }
    }
}
