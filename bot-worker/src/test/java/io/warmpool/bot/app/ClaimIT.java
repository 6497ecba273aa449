package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.warmpool.bot.support.BotWorld;

/** Every claim case over a real WebSocket handshake: who may open a bot's chat, and when. */
@WithKafka
@ExtendWith(VertxExtension.class)
class ClaimIT {
    @RegisterExtension
    static final BotWorld WORLD = new BotWorld("claim-it.");
    private static Vertx vertx;

    @BeforeAll
    static void shareVertx(Vertx shared) {
        vertx = shared;
    }

    private RunningBot bot;
    private Endpoint endpoint;

    private void startBot(KafkaBroker broker) throws Exception {
        bot = RunningBot.deploy(vertx, RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId()));
        endpoint = bot.awaitReady(WORLD.watcher());
    }

    @Test
    void noClaimIsUnauthorized(KafkaBroker broker) throws Exception {
        startBot(broker);
        assertThat(handshake(null)).isEqualTo(401);
        assertThat(handshake("not-a-claim")).isEqualTo(401);
    }

    @Test
    void badSignatureIsUnauthorized(KafkaBroker broker) throws Exception {
        startBot(broker);
        ClaimKey otherKey = ClaimKey.of("another-key-0123456789");
        assertThat(handshake(Claim.sign(otherKey, "s-1", bot.botId(), later()).token())).isEqualTo(401);
    }

    @Test
    void claimForAnotherBotIsUnauthorized(KafkaBroker broker) throws Exception {
        startBot(broker);
        assertThat(handshake(Claim.sign(RunningBot.CLAIM_KEY, "s-1", "bot-other", later()).token())).isEqualTo(401);
    }

    @Test
    void expiredClaimIsUnauthorized(KafkaBroker broker) throws Exception {
        startBot(broker);
        long past = System.currentTimeMillis() - 1_000;
        assertThat(handshake(Claim.sign(RunningBot.CLAIM_KEY, "s-1", bot.botId(), past).token())).isEqualTo(401);
    }

    @Test
    void firstValidClaimWinsAndEveryLaterOneConflicts(KafkaBroker broker) throws Exception {
        startBot(broker);
        assertThat(handshake(null)).as("refused claims leave the bot READY").isEqualTo(401);

        ChatClient first = ChatClient.open(vertx, endpoint, bot.claim("s-first"));
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.BUSY && "s-first".equals(h.sessionId()),
                Duration.ofSeconds(10));

        assertThat(handshake(bot.claim("s-second"))).isEqualTo(409);
        assertThat(handshake(bot.claim("s-first"))).as("the same session twice").isEqualTo(409);
        assertThat(handshake(Claim.sign(ClaimKey.of("another-key-0123456789"), "s-third", bot.botId(), later())
                .token())).as("invalid claims stay 401 while BUSY").isEqualTo(401);

        first.say("hello");
        assertThat(first.awaitReply().text()).isEqualTo("Hello. How are you feeling today?");
        first.end();
        assertThat(bot.awaitExit()).isZero();
    }

    /** The HTTP status of the handshake: 101 when the socket opened, else the refusal's status. */
    private int handshake(String token) throws Exception {
        try {
            ChatClient.connect(vertx, endpoint, token).await(10, TimeUnit.SECONDS).close();
            return 101;
        } catch (UpgradeRejectedException e) {
            return e.getStatus();
        }
    }

    private static long later() {
        return System.currentTimeMillis() + 30_000;
    }
}
