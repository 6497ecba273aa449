package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.SessionEnded;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import io.warmpool.bot.support.BotWorld;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar as the process provisioner runs it: {@code java -jar target/warmpool-bot-worker.jar}.
 * {@code -Dwarmpool.startup.runs=N} repeats the start-to-READY measurement N times.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(180) // drives external processes: a hung one must not hang the build
class BotProcessIT {
    @RegisterExtension
    static final BotWorld WORLD = new BotWorld("process-it.");
    private static final Path JAR = Path.of("target", "warmpool-bot-worker.jar");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<Process> started = new ArrayList<>();

    private static Vertx vertx;

    @BeforeAll
    static void checkJar(Vertx shared) {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        vertx = shared;
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void sigtermLetsTheReplyFinishThenEndsTheSessionAndExits(KafkaBroker broker) throws Exception {
        String botId = RunningBot.newBotId();
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), botId);
        env.put(BotConfig.TOKEN_DELAY_MS, "300");
        Process bot = start(env, botId);
        BotHeartbeat ready = WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.READY, WAIT);
        ChatClient chat = ChatClient.open(vertx, ready.endpoint(), claim(botId, "s-drain"));

        chat.say("I need a holiday");
        assertThat(chat.next()).isEqualTo(token("Why "));
        bot.destroy(); // SIGTERM

        assertThat(chat.awaitReply().text()).as("the reply in progress finishes").isEqualTo("Why do you need a holiday?");
        assertThat(chat.next()).isEqualTo(new JsonObject().put("type", "ended").put("reason", "bot_shutdown"));
        assertThat(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the process exits").isTrue();
        assertThat(bot.exitValue()).as("128 + SIGTERM, after the shutdown hook").isEqualTo(143);

        SessionEnded ended = WORLD.watcher().awaitSessionEnded(botId, WAIT);
        assertThat(ended.reason()).isEqualTo(EndReason.BOT_SHUTDOWN);
        assertThat(ended.messages()).isEqualTo(1);
        WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.EXITING, WAIT);
        List<BotHeartbeat> beats = WORLD.watcher().heartbeats(botId);
        assertThat(beats.get(beats.size() - 1).state()).as("the last heartbeat").isEqualTo(BotState.EXITING);
    }

    @Test
    void sigtermWithoutASessionExitsAtOnce(KafkaBroker broker) throws Exception {
        String botId = RunningBot.newBotId();
        Process bot = start(RunningBot.env(broker, WORLD.topics(), botId), botId);
        WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.READY, WAIT);

        bot.destroy();

        assertThat(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.EXITING, WAIT);
        List<BotHeartbeat> beats = WORLD.watcher().heartbeats(botId);
        assertThat(beats.get(beats.size() - 1).state()).isEqualTo(BotState.EXITING);
    }

    /** Also the start-to-READY measurement: 0 is the JVM's own cost, unset is the default warm-up. */
    @ParameterizedTest(name = "WARMPOOL_BOT_WARMUP_MS={0}")
    @ValueSource(strings = {"0", ""})
    void retiresAfterItsSessionWithStatus0(String warmup, KafkaBroker broker) throws Exception {
        int runs = Integer.getInteger("warmpool.startup.runs", 1);
        for (int run = 1; run <= runs; run++) {
            String botId = RunningBot.newBotId();
            Map<String, String> env = RunningBot.env(broker, WORLD.topics(), botId);
            env.put(BotConfig.WARMUP_MS, warmup);
            long spawnedAt = System.currentTimeMillis();
            Process bot = start(env, botId);
            BotHeartbeat starting = WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.STARTING, WAIT);
            BotHeartbeat ready = WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.READY, WAIT);
            long expectedWarmup = warmup.isEmpty() ? 3000 : Long.parseLong(warmup);
            assertThat(ready.readyAt() - ready.startedAt()).isGreaterThanOrEqualTo(expectedWarmup);
            System.out.printf("start-to-READY warmup=%s run=%d: bot started %d ms, STARTING sent %d ms, READY %d ms "
                            + "after spawn%n", warmup.isEmpty() ? "default" : warmup, run,
                    starting.startedAt() - spawnedAt, starting.sentAt() - spawnedAt, ready.readyAt() - spawnedAt);

            ChatClient chat = ChatClient.open(vertx, ready.endpoint(), claim(botId, "s-retire"));
            chat.end();
            assertThat(chat.next().getString("reason")).isEqualTo("client_end");
            assertThat(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(bot.exitValue()).isZero();
        }
    }

    @Test
    void aBadSettingStopsTheBotWithAMessageNamingTheVariable(KafkaBroker broker) throws Exception {
        String botId = RunningBot.newBotId();
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), botId);
        env.put(BotConfig.PORT, "eighty");
        Process bot = start(env, botId);
        assertThat(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(bot.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log(botId))).contains("WARMPOOL_BOT_PORT='eighty' is not a whole number");
    }

    private Process start(Map<String, String> env, String botId) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(botId).toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static Path log(String botId) {
        return Path.of("target", "bot-process-" + botId + ".log");
    }

    private static String claim(String botId, String sessionId) {
        return Claim.sign(RunningBot.CLAIM_KEY, sessionId, botId, System.currentTimeMillis() + 30_000).token();
    }

    private static JsonObject token(String text) {
        return new JsonObject().put("type", "token").put("text", text);
    }
}
