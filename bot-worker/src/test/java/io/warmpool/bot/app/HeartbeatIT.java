package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.BotWorld;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats on a real broker: STARTING at once, READY after the warm-up, seq by one, changes at once. */
@WithKafka
@ExtendWith(VertxExtension.class)
class HeartbeatIT {
    @RegisterExtension
    static final BotWorld WORLD = new BotWorld("heartbeat-it.");
    private static Vertx vertx;

    @BeforeAll
    static void shareVertx(Vertx shared) {
        vertx = shared;
    }

    @Test
    void startingThenReadyAfterTheWarmUpWithSeqGrowingByOne(KafkaBroker broker) throws Exception {
        String botId = RunningBot.newBotId();
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), botId);
        env.put(BotConfig.WARMUP_MS, "1500");
        env.put(BotConfig.POOL, "gpu");
        env.put(BotConfig.PROVISION_ID, "prov-7");
        RunningBot.deploy(vertx, env);

        List<BotHeartbeat> beats = Await.until(() -> {
            List<BotHeartbeat> all = WORLD.watcher().heartbeats(botId);
            return all.stream().filter(h -> h.state() == BotState.READY).count() >= 3 ? Optional.of(all) : Optional.empty();
        }, Duration.ofSeconds(20), () -> "three READY heartbeats of " + botId);

        BotHeartbeat first = beats.get(0);
        assertThat(first.state()).isEqualTo(BotState.STARTING);
        assertThat(first.seq()).isZero();
        assertThat(first.readyAt()).isNull();
        assertThat(beats).allSatisfy(h -> {
            assertThat(h.pool()).isEqualTo("gpu");
            assertThat(h.provisionId()).isEqualTo("prov-7");
            assertThat(h.startedAt()).isEqualTo(first.startedAt());
        });
        for (int i = 0; i < beats.size(); i++) {
            assertThat(beats.get(i).seq()).as("seq of heartbeat %d", i).isEqualTo(i);
        }
        // During the warm-up the periodic heartbeats keep saying STARTING: the first one and at least one more
        // (how many fit in 1.5 s depends on the machine's load, which a functional test does not judge).
        assertThat(beats.stream().takeWhile(h -> h.state() == BotState.STARTING).count()).isGreaterThanOrEqualTo(2);
        BotHeartbeat ready = beats.stream().filter(h -> h.state() == BotState.READY).findFirst().orElseThrow();
        assertThat(ready.readyAt()).isNotNull();
        assertThat(ready.readyAt() - ready.startedAt()).isGreaterThanOrEqualTo(1500);
        assertThat(ready.endpoint().port()).isPositive();
        assertThat(beats.stream().dropWhile(h -> h.state() != BotState.READY))
                .allSatisfy(h -> {
                    assertThat(h.state()).isEqualTo(BotState.READY);
                    assertThat(h.readyAt()).isEqualTo(ready.readyAt());
                });
    }

    @Test
    void stateChangesArePublishedAtOnceNotAtTheNextTick(KafkaBroker broker) throws Exception {
        String botId = RunningBot.newBotId();
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), botId);
        env.put(BotConfig.HEARTBEAT_MS, "60000");
        RunningBot bot = RunningBot.deploy(vertx, env);
        Endpoint endpoint = bot.awaitReady(WORLD.watcher());

        long claimedAt = System.currentTimeMillis();
        ChatClient chat = ChatClient.open(vertx, endpoint, bot.claim("s-now"));
        BotHeartbeat busy = WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.BUSY, Duration.ofSeconds(10));
        assertThat(busy.sessionId()).isEqualTo("s-now");
        // Half the 60 s interval: the BUSY beat came from the state change, not from a tick. (Not a speed bound:
        // on a loaded machine the change alone has taken 9 s.)
        assertThat(busy.sentAt() - claimedAt).isLessThan(30_000);

        chat.end();
        BotHeartbeat exiting = WORLD.watcher().awaitHeartbeat(botId, h -> h.state() == BotState.EXITING, Duration.ofSeconds(10));
        assertThat(exiting.sessionId()).isNull();
        assertThat(bot.awaitExit()).isZero();
        // With a 60 s interval, every heartbeat was a state change: STARTING, READY, BUSY, EXITING.
        assertThat(WORLD.watcher().heartbeats(botId)).extracting(BotHeartbeat::state)
                .containsExactly(BotState.STARTING, BotState.READY, BotState.BUSY, BotState.EXITING);
        assertThat(WORLD.watcher().heartbeats(botId)).extracting(BotHeartbeat::seq).containsExactly(0L, 1L, 2L, 3L);
    }
}
