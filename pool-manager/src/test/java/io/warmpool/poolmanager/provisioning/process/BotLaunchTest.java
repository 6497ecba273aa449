package io.warmpool.poolmanager.provisioning.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a bot JVM is launched: the build's class-data-sharing archive when there is one, under nice when asked. */
class BotLaunchTest {
    @TempDir
    Path dir;

    @Test
    void aBotJarWithAnArchiveBesideItStartsWithThatArchiveForItsAbsolutePath() throws Exception {
        Path jar = Files.createFile(dir.resolve("warmpool-bot-worker.jar"));
        Files.createFile(dir.resolve("warmpool-bot-worker.jsa"));

        List<String> cmd = BotLaunch.resolve(Optional.of(jar), BotLaunch.DEFAULT_JVM_OPTS).command();

        assertThat(cmd).containsSubsequence("-XX:SharedArchiveFile=" + dir.resolve("warmpool-bot-worker.jsa"),
                "-jar", jar.toAbsolutePath().toString());
    }

    @Test
    void noArchiveOrOptionsThatAlreadyShareClassesLeaveTheLaunchAsItWas() throws Exception {
        Path jar = Files.createFile(dir.resolve("bot.jar"));
        assertThat(BotLaunch.sharedArchive(jar, "")).isEmpty();

        Files.createFile(dir.resolve("bot.jsa"));
        assertThat(BotLaunch.sharedArchive(jar, "-Xshare:off")).isEmpty();
        assertThat(BotLaunch.sharedArchive(jar, "-XX:SharedArchiveFile=/elsewhere.jsa")).isEmpty();
        assertThat(BotLaunch.sharedArchive(jar, "")).isPresent();
    }

    @Test
    void niceGoesBeforeTheJvmAndIsCheckedForRange() {
        BotLaunch launch = new BotLaunch(List.of("java", "-jar", "bot.jar")).withNice(10);

        assertThat(launch.forBot("b1")).containsSubsequence("-n", "10", "java", ProcessProvisioner.BOT_MARKER + "b1");
        assertThat(new BotLaunch(List.of("java")).forBot("b1")).doesNotContain("-n");
        assertThatThrownBy(() -> launch.withNice(20)).hasMessageContaining("nice must be 0 to 19, got 20");
    }
}
