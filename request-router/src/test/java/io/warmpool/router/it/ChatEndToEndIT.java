package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.EndReason;
import io.warmpool.events.EventType;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.TopicWatcher;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The router with the real allocator and real bots on the real broker; each test has a pool of its own. */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Stack stack;
    private TopicWatcher tap;
    private RouterVerticle router;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "e2e-it.", vertx);
        tap = new TopicWatcher(broker, stack.topics, EventType.SESSION_ENDED, EventType.POOL_DEFICIT,
                EventType.BOT_ASSIGNED, EventType.SESSION_REQUESTED);
        stack.allocator("chat:min=1,max=5;burst:min=3,max=12;starved:min=1,max=1;lost:min=1,max=2;vanish:min=1,max=2");
        router = stack.router(RouterConfig.CLIENT_PING_MS, "300");
    }

    @AfterAll
    void stop() throws Exception {
        tap.close();
        stack.close();
    }

    @Test
    void aClientChatsWithABotAndGetsTheExactRulesReplies() {
        stack.bot(false, "WARMPOOL_POOL", "chat");
        ChatClient chat = stack.chat(router, "/chat?pool=chat");
        String sessionId = chat.expect("queued").getString("sessionId");
        JsonObject assigned = chat.expect("assigned");
        assertThat(assigned.getString("sessionId")).isEqualTo(sessionId);
        assertThat(assigned.getLong("queuedMs")).isNotNegative();
        assertThat(assigned.fieldNames()).doesNotContain("endpoint", "host", "port", "claim");

        assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
        assertThat(chat.reply("I feel tired of my job.")).isEqualTo("Why do you feel tired of your job?");
        assertThat(chat.reply("I need a holiday")).isEqualTo("Why do you need a holiday?");
        chat.end();
        assertThat(chat.expect("ended").getString("reason")).isEqualTo("client_end");
        assertThat(chat.awaitClose()).isEqualTo((short) 1000);

        SessionEnded ended = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"), WAIT);
        assertThat(ended.reason()).isEqualTo(EndReason.CLIENT_END);
        assertThat(ended.messages()).isEqualTo(3);
        assertThat(ended.botId()).isEqualTo(assigned.getString("botId"));
        assertThat(tap.events(SessionEnded.class).stream()
                .filter(e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"))).hasSize(1);
        assertThat(get("/metrics")).contains("warmpool_router_sessions_total{outcome=\"ended_client_end\"}",
                "warmpool_router_time_to_assign_seconds_count", "warmpool_router_relay_frames_total{direction=\"to_bot\"}",
                "warmpool_router_relay_bytes_total{direction=\"to_client\"}", "warmpool_router_websockets_open");
    }

    @Test
    void pagesAndThePoolApiAreServed() {
        assertThat(get("/")).contains("warmpool chat", "/chat.js");
        assertThat(get("/pools")).contains("warmpool pools", "/pools.js");
        assertThat(get("/health/live")).contains("UP");
        assertThat(get("/health/ready")).contains("UP");
        Await.until("pool.status of every pool in /api/pools", WAIT, () -> get("/api/pools").contains("\"pool\":\"chat\""));
        io.vertx.core.json.JsonObject chat = new io.vertx.core.json.JsonArray(get("/api/pools")).stream()
                .map(io.vertx.core.json.JsonObject.class::cast).filter(p -> "chat".equals(p.getString("pool")))
                .findFirst().orElseThrow();
        assertThat(chat.getJsonObject("snapshot").getInteger("max")).as("the configured max of pool chat").isEqualTo(5);
    }

    private String get(String path) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + router.port() + path))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(path, e);
        }
    }

    @Test
    void aBurstLargerThanThePoolIsQueuedAndEveryClientServedAsReplacementsComeUp() throws Exception {
        stack.provisionFrom(tap, "burst", false);
        for (int i = 0; i < 3; i++) {
            stack.bot(false, "WARMPOOL_POOL", "burst");
        }
        int clients = 9;
        List<CompletableFuture<String>> served = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            served.add(CompletableFuture.supplyAsync(() -> stack.chat(router, "/chat?pool=burst").greetAndEnd(), threads));
        }
        threads.shutdown();
        Set<String> bots = new HashSet<>();
        for (CompletableFuture<String> f : served) {
            bots.add(f.get(90, TimeUnit.SECONDS));
        }
        assertThat(bots).as("retire policy: every client had a bot of its own").hasSize(clients);
    }

    @Test
    void noBotWithinTheDeadlineGivesRejectedTimeout() {
        RouterVerticle impatient = stack.router(RouterConfig.SESSION_DEADLINE_MS, "1500");
        ChatClient chat = stack.chat(impatient, "/chat?pool=starved");
        chat.expect("queued");
        assertThat(chat.expect("rejected").getString("reason")).isEqualTo("timeout");
        assertThat(chat.awaitClose()).isEqualTo((short) 1013);
        assertThat(System.nanoTime() - chat.openedAt).isLessThan(Duration.ofMillis(1500 + 5_000).toNanos());
    }

    @Test
    void killingTheBotMidSessionEndsItWithBotLost() {
        Stack.Bot bot = stack.bot(false, "WARMPOOL_POOL", "lost");
        ChatClient chat = stack.chat(router, "/chat?pool=lost");
        String sessionId = chat.expect("queued").getString("sessionId");
        assertThat(chat.expect("assigned").getString("botId")).isEqualTo(bot.botId());
        assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");

        stack.kill(bot);

        assertThat(chat.expect("ended").getString("reason")).isEqualTo("bot_lost");
        assertThat(chat.awaitClose()).isEqualTo((short) 1000);
        SessionEnded ended = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"), WAIT);
        assertThat(ended.reason()).isEqualTo(EndReason.BOT_LOST);
    }

    @Test
    void aClientThatVanishesWithoutACloseReleasesItsBot() {
        Stack.Bot bot = stack.bot(true, "WARMPOOL_POOL", "vanish");
        StringBuffer received = new StringBuffer();
        NetSocket raw = Stack.await(stack.vertx.createNetClient().connect(router.port(), "localhost"));
        raw.handler(buffer -> received.append(buffer.toString(StandardCharsets.ISO_8859_1)));
        raw.write("GET /chat?pool=vanish HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        Await.until("the raw client to be assigned", WAIT, () -> received.toString().contains("\"assigned\""));
        Matcher id = Pattern.compile("\"sessionId\":\"([^\"]+)\"").matcher(received);
        assertThat(id.find()).isTrue();
        String sessionId = id.group(1);
        // From here the client answers nothing, not even pings: the router must notice on its own.

        SessionEnded byRouter = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"), WAIT);
        assertThat(byRouter.reason()).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(byRouter.botId()).isEqualTo(bot.botId());
        tap.await(SessionEnded.class, e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("bot"), WAIT);
        ChatClient next = stack.chat(router, "/chat?pool=vanish");
        next.expect("queued");
        assertThat(next.expect("assigned").getString("botId")).as("the bot is free again").isEqualTo(bot.botId());
        next.end();
        raw.close();
    }
}
