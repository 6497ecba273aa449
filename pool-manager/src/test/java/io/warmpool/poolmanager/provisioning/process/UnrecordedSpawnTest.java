package io.warmpool.poolmanager.provisioning.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.poolmanager.provisioning.ManagedBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool manager killed between starting a bot and writing its pid file: the next one, on the same
 * directory, finds the bot by the spawn's intent and the bot id on its command line, records it, and
 * stops it with the others. A real process stands for the bot (a shell loop carrying the bot id).
 */
class UnrecordedSpawnTest {
    @TempDir
    Path dir;
    private Process bot;

    @AfterEach
    void cleanUp() {
        if (bot != null) {
            bot.destroyForcibly();
        }
    }

    @Test
    void aBotStartedButNotRecordedIsRecordedByTheNextProvisionerAndStoppedOnClose() throws Exception {
        new PidFile("bot-x", 0, "pool-a", "prov-1", 1234).writeIntent(dir);
        bot = new ProcessBuilder("sh", "-c", "while :; do sleep 0.2; done", ProcessProvisioner.BOT_MARKER + "bot-x")
                .start();

        ProcessProvisioner next = new ProcessProvisioner(dir, new BotLaunch(List.of("java")), Duration.ofSeconds(5));

        assertThat(next.list()).containsExactly(new ManagedBot("bot-x", "pool-a", "prov-1", true, 1234));
        assertThat(PidFile.read(PidFile.path(dir, "bot-x")).pid()).isEqualTo(bot.pid());
        assertThat(PidFile.spawning(dir, "bot-x")).doesNotExist();
        next.close();
        assertThat(bot.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void anIntentWhoseProcessNeverStartedIsDropped() throws Exception {
        new PidFile("bot-y", 0, "pool-a", "prov-2", 1234).writeIntent(dir);

        ProcessProvisioner next = new ProcessProvisioner(dir, new BotLaunch(List.of("java")), Duration.ofSeconds(5));

        assertThat(next.list()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
