package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.app.BotConfig;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.EventType;
import io.warmpool.events.SessionChannel;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.TopicWatcher;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAI-compatible API at the HTTP level, as curl sees it: the router with the real allocator and
 * real bots on the real broker; each test has a pool of its own.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenAiApiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Stack stack;
    private TopicWatcher tap;
    private RouterVerticle router;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "openai-it.", vertx);
        tap = new TopicWatcher(broker, stack.topics, EventType.SESSION_ENDED, EventType.SESSION_REQUESTED,
                EventType.BOT_HEARTBEAT);
        stack.allocator("whole:min=1,max=2;sse:min=1,max=2;gone:min=1,max=2;short:min=1,max=2;errors:min=1,max=1");
        router = stack.router(RouterConfig.MAX_MESSAGE_BYTES, "2048");
    }

    @AfterAll
    void stop() throws Exception {
        tap.close();
        stack.close();
    }

    @Test
    void aCompletionIsOneSessionOfAWarmBot() {
        Stack.Bot bot = stack.bot(false, BotConfig.POOL, "whole");

        HttpResponse<String> response = OpenAiHttp.post(router.port(), OpenAiHttp.completion("whole", false, "Hello!"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonObject completion = new JsonObject(response.body());
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getString("model")).isEqualTo("whole");
        assertThat(completion.getString("id")).startsWith("chatcmpl-");
        JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello. How are you feeling today?");
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");

        String sessionId = completion.getString("id").substring("chatcmpl-".length());
        SessionRequested requested = tap.await(SessionRequested.class, r -> r.sessionId().equals(sessionId), WAIT);
        assertThat(requested.channel()).isEqualTo(SessionChannel.HTTP);
        assertThat(requested.schemaVersion()).isEqualTo("1.1");
        SessionEnded byBot = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("bot"), WAIT);
        assertThat(byBot.botId()).isEqualTo(bot.botId());
        assertThat(byBot.reason()).isEqualTo(EndReason.CLIENT_END);
        assertThat(byBot.messages()).isEqualTo(1);
        assertThat(tap.await(SessionEnded.class, e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"),
                WAIT).reason()).isEqualTo(EndReason.CLIENT_END);
        tap.await(BotHeartbeat.class, h -> h.botId().equals(bot.botId()) && h.state() == BotState.EXITING, WAIT);
        assertThat(OpenAiHttp.get(router.port(), "/metrics").body())
                .contains("warmpool_router_http_sessions_total{outcome=\"ended_client_end\"}");
    }

    @Test
    void aStreamIsServerSentChunksThenDone() {
        stack.bot(true, BotConfig.POOL, "sse");

        HttpResponse<String> response = OpenAiHttp.post(router.port(),
                OpenAiHttp.completion("sse", true, "I feel tired of my job."));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(response.body()).as("events are data lines, each followed by a blank line").endsWith("\n\n");
        List<String> events = Arrays.asList(response.body().split("\n\n"));
        assertThat(events).allSatisfy(e -> assertThat(e).startsWith("data: ").doesNotContain("\n"));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
                .map(e -> new JsonObject(e.substring("data: ".length()))).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(c.getString("id")).isEqualTo(chunks.get(0).getString("id"));
            assertThat(c.getString("model")).isEqualTo("sse");
        });
        List<JsonObject> deltas = chunks.stream().map(c -> c.getJsonArray("choices").getJsonObject(0)).toList();
        assertThat(deltas.get(0).getJsonObject("delta").getString("role")).isEqualTo("assistant");
        List<String> tokens = deltas.subList(1, deltas.size() - 1).stream()
                .map(d -> d.getJsonObject("delta").getString("content")).toList();
        assertThat(tokens).containsExactly("Why ", "do ", "you ", "feel ", "tired ", "of ", "your ", "job?");
        assertThat(deltas.subList(0, deltas.size() - 1)).allSatisfy(d -> assertThat(d.getValue("finish_reason")).isNull());
        assertThat(deltas.get(deltas.size() - 1).getString("finish_reason")).isEqualTo("stop");
        assertThat(deltas.get(deltas.size() - 1).getJsonObject("delta").isEmpty()).isTrue();
    }

    @Test
    void maxTokensCutsTheReplyWithFinishReasonLength() {
        stack.bot(true, BotConfig.POOL, "short");

        HttpResponse<String> response = OpenAiHttp.post(router.port(),
                "{\"model\":\"short\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}");

        JsonObject choice = new JsonObject(response.body()).getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello. How are ");
        assertThat(choice.getString("finish_reason")).isEqualTo("length");
    }

    /** The client drops the connection after the first token: the session ends and the bot is free at once. */
    @Test
    void aClientThatLeavesMidStreamFreesTheBot() throws Exception {
        Stack.Bot bot = stack.bot(true, BotConfig.POOL, "gone", BotConfig.TOKEN_DELAY_MS, "500");
        String body = OpenAiHttp.completion("gone", true, "I feel tired of my job.");

        String sessionId;
        try (Socket socket = new Socket("localhost", router.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.contains("\"content\":\"Why \""); line = in.readLine()) {
                lines.add(line);
            }
            assertThat(lines.get(0)).isEqualTo("HTTP/1.1 200 OK");
            String first = lines.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
            sessionId = new JsonObject(first.substring("data: ".length())).getString("id").substring("chatcmpl-".length());
        }

        SessionEnded byRouter = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("router"), WAIT);
        assertThat(byRouter.reason()).isEqualTo(EndReason.CLIENT_GONE);
        SessionEnded byBot = tap.await(SessionEnded.class,
                e -> e.sessionId().equals(sessionId) && e.reportedBy().equals("bot"), WAIT);
        assertThat(byBot.reason()).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(byBot.botId()).isEqualTo(bot.botId());
        // Long before its reply would have ended (8 words, 500 ms apart), the reused bot is READY again.
        BotHeartbeat ready = tap.await(BotHeartbeat.class, h -> h.botId().equals(bot.botId())
                && h.state() == BotState.READY && h.sentAt() >= byBot.endedAt(), WAIT);
        assertThat(ready.sessionId()).isNull();
    }

    @Test
    void aMalformedBodyIs400NamingTheField() {
        HttpResponse<String> notJson = OpenAiHttp.post(router.port(), "{\"model\": \"errors\", \"messages\": [");
        assertThat(notJson.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(notJson.body()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("message")).startsWith("the body is not valid JSON");

        HttpResponse<String> noMessages = OpenAiHttp.post(router.port(), "{\"model\":\"errors\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(noMessages.body()).getJsonObject("error").getString("param")).isEqualTo("messages");

        HttpResponse<String> badRole = OpenAiHttp.post(router.port(),
                "{\"model\":\"errors\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}");
        assertThat(new JsonObject(badRole.body()).getJsonObject("error").getString("param")).isEqualTo("messages[0].role");
        assertThat(OpenAiHttp.get(router.port(), "/metrics").body())
                .contains("warmpool_router_http_sessions_total{outcome=\"refused_bad_request\"}");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = OpenAiHttp.completion("errors", false, "x".repeat(4000));

        HttpResponse<String> response = OpenAiHttp.post(router.port(), big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
                .isEqualTo("request_too_large");
    }

    @Test
    void anUnknownPoolIs404ModelNotFound() {
        HttpResponse<String> unknown = OpenAiHttp.post(router.port(), OpenAiHttp.completion("nosuchpool", false, "hi"));
        HttpResponse<String> malformed = OpenAiHttp.post(router.port(), OpenAiHttp.completion("no such pool", false, "hi"));

        for (HttpResponse<String> response : List.of(unknown, malformed)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            JsonObject error = new JsonObject(response.body()).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("model_not_found");
            assertThat(error.getString("param")).isEqualTo("model");
        }
    }

    /** The WebSocket's API keys and rate apply: here a request rate per key of 1/s with a burst of 2. */
    @Test
    void keysAreCheckedAndEachKeyHasItsOwnRate() {
        RouterVerticle guarded = stack.router(RouterConfig.API_KEYS, "sk-one,sk-two", RouterConfig.RATE_PER_SEC, "1",
                RouterConfig.RATE_BURST, "2");

        HttpResponse<String> none = OpenAiHttp.get(guarded.port(), "/v1/models");
        HttpResponse<String> wrong = OpenAiHttp.post(guarded.port(), OpenAiHttp.completion("errors", false, "hi"),
                "Authorization", "Bearer sk-three");
        for (HttpResponse<String> response : List.of(none, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
        }
        // Requests in a row, until the bucket is empty: a second's refill could let one more through.
        List<Integer> one = new ArrayList<>();
        HttpResponse<String> limited = null;
        while (limited == null && one.size() < 10) {
            HttpResponse<String> response = OpenAiHttp.get(guarded.port(), "/v1/models", "Authorization", "Bearer sk-one");
            one.add(response.statusCode());
            limited = response.statusCode() == 429 ? response : null;
        }
        HttpResponse<String> other = OpenAiHttp.get(guarded.port(), "/v1/models", "Authorization", "Bearer sk-two");

        assertThat(one.subList(0, 2)).containsOnly(200);
        assertThat(limited).as("statuses " + one).isNotNull();
        assertThat(limited.headers().firstValue("retry-after")).contains("1");
        assertThat(new JsonObject(limited.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");
        assertThat(other.statusCode()).as("another key, another bucket").isEqualTo(200);
    }

    @Test
    void modelsListThePools() {
        JsonObject models = OpenAiHttp.awaitModels(router.port(), List.of("whole", "errors"));

        assertThat(models.getString("object")).isEqualTo("list");
        assertThat(models.getJsonArray("data").getJsonObject(0).getString("object")).isEqualTo("model");
        assertThat(models.getJsonArray("data").getJsonObject(0).getString("owned_by")).isEqualTo("warmpool");
    }
}
