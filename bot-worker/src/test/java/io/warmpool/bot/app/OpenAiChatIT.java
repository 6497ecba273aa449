package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.EventWatcher;
import io.warmpool.bot.support.FakeOpenAi;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.Topics;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bot on the openai engine, against a local SSE server that also fails and drops streams. */
@WithKafka
@ExtendWith(VertxExtension.class)
class OpenAiChatIT {
    private static final Topics TOPICS = new Topics("openai-it.");
    private static Vertx vertx;
    private static EventWatcher watcher;
    private static FakeOpenAi llm;

    @BeforeAll
    static void start(KafkaBroker broker, Vertx shared) throws Exception {
        vertx = shared;
        watcher = new EventWatcher(broker, TOPICS);
        llm = FakeOpenAi.start(vertx);
    }

    @AfterAll
    static void close() throws Exception {
        watcher.close();
        llm.close();
    }

    @Test
    void engineFailuresBecomeErrorFramesAndTheBotStaysHealthy(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, TOPICS, RunningBot.newBotId());
        env.put(BotConfig.ENGINE, "openai");
        env.put(BotConfig.OPENAI_BASE_URL, llm.baseUrl());
        env.put(BotConfig.OPENAI_MODEL, "tiny-model");
        RunningBot bot = RunningBot.deploy(vertx, env);
        Endpoint endpoint = bot.awaitReady(watcher);
        assertThat(llm.requests()).as("warm-up request before READY").isNotEmpty();
        assertThat(llm.authorizations()).first().isEqualTo("null");

        ChatClient chat = ChatClient.open(vertx, endpoint, bot.claim("s-llm"));
        chat.say("hello model");
        ChatClient.Reply reply = chat.awaitReply();
        assertThat(reply.tokens()).containsExactly("You ", "said: ", "hello model");
        assertThat(reply.text()).isEqualTo("You said: hello model");

        chat.say("fail");
        assertThat(chat.next()).isEqualTo(new JsonObject().put("type", "error").put("code", "engine_error")
                .put("message", "chat completions answered HTTP 500"));

        chat.say("drop");
        assertThat(chat.next().getString("text")).isEqualTo("Half ");
        assertThat(chat.next().getString("text")).isEqualTo("a ");
        JsonObject dropped = chat.next();
        assertThat(dropped.getString("type")).isEqualTo("error");
        assertThat(dropped.getString("code")).isEqualTo("engine_error");

        assertThat(get(endpoint, "/health/ready")).startsWith("200");
        assertThat(get(endpoint, "/metrics")).contains(
                "warmpool_bot_replies_total{outcome=\"ok\"} 1.0",
                "warmpool_bot_replies_total{outcome=\"failed\"} 2.0",
                "warmpool_bot_tokens_total 5.0",
                "warmpool_bot_state{state=\"BUSY\"} 1.0",
                "warmpool_bot_state{state=\"READY\"} 0.0",
                "warmpool_bot_reply_latency_seconds_count 1");
        chat.say("still there?");
        assertThat(chat.awaitReply().text()).isEqualTo("You said: still there?");
        JsonObject lastRequest = llm.requests().get(llm.requests().size() - 1);
        assertThat(lastRequest.getJsonArray("messages").size())
                .as("failed turns are not part of the conversation").isEqualTo(3);
        assertThat(watcher.heartbeats(bot.botId())).noneMatch(h -> h.state() == BotState.EXITING);

        chat.end();
        assertThat(chat.next().getString("reason")).isEqualTo("client_end");
        assertThat(watcher.awaitSessionEnded(bot.botId(), Duration.ofSeconds(10)).messages()).isEqualTo(4);
        assertThat(bot.awaitExit()).isZero();
    }

    @Test
    void aBotWhoseEngineCannotWarmUpExitsWithStatus1(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, TOPICS, RunningBot.newBotId());
        env.put(BotConfig.ENGINE, "openai");
        env.put(BotConfig.OPENAI_BASE_URL, "http://127.0.0.1:1/v1");
        env.put(BotConfig.OPENAI_MODEL, "tiny-model");
        RunningBot bot = RunningBot.deploy(vertx, env);

        assertThat(bot.awaitExit()).isEqualTo(1);
        watcher.awaitHeartbeat(bot.botId(), h -> h.state() == BotState.EXITING, Duration.ofSeconds(10));
        assertThat(watcher.heartbeats(bot.botId())).extracting(h -> h.state())
                .startsWith(BotState.STARTING).endsWith(BotState.EXITING).doesNotContain(BotState.READY);
    }

    /** The status code and body, as "200 ...". */
    private static String get(Endpoint endpoint, String path) throws Exception {
        HttpClient http = vertx.createHttpClient();
        try {
            return http.request(HttpMethod.GET, endpoint.port(), endpoint.host(), path)
                    .compose(req -> req.send())
                    .compose(r -> r.body().map(body -> r.statusCode() + " " + body))
                    .await(10, TimeUnit.SECONDS);
        } finally {
            http.close();
        }
    }
}
