package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.BotWorld;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every claim case over a real WebSocket handshake: who may open a bot's chat, and when. */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(120)
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
        long past = System.currentTimeMillis() - Claim.SKEW_TOLERANCE_MS - 1_000;
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

    @Test
    void duringAKeyRotationClaimsUnderThePreviousKeyAreStillAccepted(KafkaBroker broker) throws Exception {
        String newKey = "the-next-claim-key-0123456789";
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.CLAIM_KEY, newKey);
        env.put(BotConfig.CLAIM_KEY_PREVIOUS, RunningBot.KEY);
        env.put(BotConfig.REUSE, "true");
        bot = RunningBot.deploy(vertx, env);
        endpoint = bot.awaitReady(WORLD.watcher());

        assertThat(handshake(Claim.sign(ClaimKey.of("a-third-key-0123456789"), "s-0", bot.botId(), later()).token()))
                .as("neither key").isEqualTo(401);
        ChatClient old = ChatClient.open(vertx, endpoint, bot.claim("s-old"));
        old.end();
        WORLD.watcher().awaitSessionEnded(bot.botId(), Duration.ofSeconds(10));
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.READY
                && h.seq() > 2, Duration.ofSeconds(10));
        ChatClient current = ChatClient.open(vertx, endpoint,
                Claim.sign(ClaimKey.of(newKey), "s-new", bot.botId(), later()).token());
        current.say("hello");
        assertThat(current.awaitReply().text()).isEqualTo("Hello. How are you feeling today?");
        current.end();
    }

    @Test
    void aClaimStampedByARouterWhoseClockLagsIsAcceptedWithinTheStatedTolerance(KafkaBroker broker)
            throws Exception {
        startBot(broker);
        long now = System.currentTimeMillis();
        // Router clock 20 s behind the bot's: its 5 s claim expired 15 s ago by the bot's clock.
        assertThat(handshake(Claim.sign(RunningBot.CLAIM_KEY, "s-skew", bot.botId(), now - 15_000).token()))
                .isEqualTo(101);
    }

    @Test
    void everyOneByteChangeOfAValidTokenIsRefused(KafkaBroker broker) throws Exception {
        startBot(broker);
        String token = bot.claim("s-mutated");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            char other = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
            String mutated = token.substring(0, i) + other + token.substring(i + 1);
            int status = handshake(mutated);
            if (status != 401) {
                accepted.add(i);
            }
        }
        assertThat(accepted).as("positions whose change was not refused 401").isEmpty();
        assertThat(handshake(token)).as("the untouched token still works").isEqualTo(101);
    }

    @Test
    void aReusedBotRefusesAClaimReplayedAfterItsSessionEnded(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.REUSE, "true");
        bot = RunningBot.deploy(vertx, env);
        endpoint = bot.awaitReady(WORLD.watcher());
        String token = bot.claim("s-once");

        ChatClient first = ChatClient.open(vertx, endpoint, token);
        first.end();
        WORLD.watcher().awaitSessionEnded(bot.botId(), Duration.ofSeconds(10));
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.READY && h.seq() > 2,
                Duration.ofSeconds(10));

        assertThat(handshake(token)).as("a claim is used once").isEqualTo(409);
        assertThat(handshake(bot.claim("s-next"))).as("a fresh claim is served").isEqualTo(101);
    }

    @Test
    void ofTwoClaimsRacingForOneBotExactlyOneWins(KafkaBroker broker) throws Exception {
        startBot(broker);
        var a = ChatClient.connect(vertx, endpoint, bot.claim("s-a"));
        var b = ChatClient.connect(vertx, endpoint, bot.claim("s-b"));
        List<Integer> statuses = new ArrayList<>();
        for (var attempt : List.of(a, b)) {
            try {
                attempt.await(10, TimeUnit.SECONDS);
                statuses.add(101);
            } catch (UpgradeRejectedException e) {
                statuses.add(e.getStatus());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(101, 409);
    }

    @Test
    void aSessionWhoseRouterVanishedWithoutAFinEndsAtTheBotWithinTwoPingIntervals(KafkaBroker broker)
            throws Exception {
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.ROUTER_PING_MS, "300");
        bot = RunningBot.deploy(vertx, env);
        endpoint = bot.awaitReady(WORLD.watcher());

        // A raw socket that completes the handshake and then never reads nor answers: a host gone dark.
        try (Socket dark = new Socket(endpoint.host(), endpoint.port())) {
            OutputStream out = dark.getOutputStream();
            out.write(("GET /chat HTTP/1.1\r\nHost: " + endpoint.host() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + Claim.HEADER + ": " + bot.claim("s-dark") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = dark.getInputStream();
            byte[] status = in.readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).endsWith("101");
            long opened = System.nanoTime();

            var ended = WORLD.watcher().awaitSessionEnded(bot.botId(), Duration.ofSeconds(10));
            assertThat(ended.sessionId()).isEqualTo("s-dark");
            assertThat(ended.reason()).isEqualTo(EndReason.CLIENT_GONE);
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("bound: 2 intervals + 1, plus slack")
                    .isLessThan(Duration.ofSeconds(5));
        }
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
