package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.BotWorld;
import io.warmpool.bot.support.ChatClient;
import io.warmpool.bot.support.RunningBot;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.SessionEnded;
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

/** Whole sessions through a real WebSocket client with the rules engine, whose replies are exact. */
@WithKafka
@ExtendWith(VertxExtension.class)
class ChatIT {
    @RegisterExtension
    static final BotWorld WORLD = new BotWorld("chat-it.");
    private static Vertx vertx;

    @BeforeAll
    static void shareVertx(Vertx shared) {
        vertx = shared;
    }
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aFullChatGetsExactRepliesThenTheBotRetires(KafkaBroker broker) throws Exception {
        RunningBot bot = RunningBot.deploy(vertx, RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId()));
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-full"));

        chat.say("Hello!");
        ChatClient.Reply hello = chat.awaitReply();
        assertThat(hello.text()).isEqualTo("Hello. How are you feeling today?");
        assertThat(hello.tokens()).containsExactly("Hello. ", "How ", "are ", "you ", "feeling ", "today?");
        assertThat(replyTo(chat, "I feel tired of my job.")).isEqualTo("Why do you feel tired of your job?");
        assertThat(replyTo(chat, "My boss never listens to me")).isEqualTo("Your boss never listens to you?");
        assertThat(replyTo(chat, "I need a holiday")).isEqualTo("Why do you need a holiday?");
        assertThat(replyTo(chat, "The weather is nice"))
                .isEqualTo("Earlier you said your boss never listens to you. Tell me more about that.");
        assertThat(replyTo(chat, "Hello again")).isEqualTo("Hi again. What is on your mind?");
        assertThat(replyTo(chat, "Do you like it?")).isEqualTo("Why do you ask?");

        chat.end();
        assertThat(chat.next()).isEqualTo(ended("client_end"));
        assertThat(chat.awaitClosed()).isEqualTo((short) 1000);

        SessionEnded ended = WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT);
        assertThat(ended.sessionId()).isEqualTo("s-full");
        assertThat(ended.reason()).isEqualTo(EndReason.CLIENT_END);
        assertThat(ended.reportedBy()).isEqualTo("bot");
        assertThat(ended.messages()).isEqualTo(7);
        assertThat(ended.pool()).isEqualTo("default");
        assertThat(bot.awaitExit()).as("retire policy: exit status").isZero();
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.EXITING, WAIT);
        List<BotHeartbeat> beats = WORLD.watcher().heartbeats(bot.botId());
        assertThat(beats.get(beats.size() - 1).state()).isEqualTo(BotState.EXITING);
    }

    @Test
    void badFramesGetAnErrorAndTheSessionGoesOn(KafkaBroker broker) throws Exception {
        RunningBot bot = RunningBot.deploy(vertx, RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId()));
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-bad"));

        chat.send("this is not json");
        assertThat(chat.next().getString("code")).isEqualTo("bad_json");
        chat.send("[1, 2]");
        assertThat(chat.next().getString("code")).isEqualTo("bad_json");
        chat.send("{\"type\":\"dance\"}");
        JsonObject unknown = chat.next();
        assertThat(unknown.getString("type")).isEqualTo("error");
        assertThat(unknown.getString("code")).isEqualTo("unknown_type");
        assertThat(unknown.getString("message")).contains("dance");
        chat.send("{\"text\":\"no type\"}");
        assertThat(chat.next().getString("code")).isEqualTo("unknown_type");
        chat.send("{\"type\":\"message\",\"text\":\"   \"}");
        assertThat(chat.next().getString("code")).isEqualTo("empty_text");
        chat.send("{\"type\":\"message\"}");
        assertThat(chat.next().getString("code")).isEqualTo("empty_text");

        assertThat(replyTo(chat, "hi")).isEqualTo("Hello. How are you feeling today?");
        chat.end();
        assertThat(chat.next()).isEqualTo(ended("client_end"));
        assertThat(WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT).messages()).as("only real messages count").isEqualTo(1);
    }

    /** The router's HTTP front door hands over the whole message list; the rules engine answers its last user turn. */
    @Test
    void aWholeConversationIsAnsweredInOneReply(KafkaBroker broker) throws Exception {
        RunningBot bot = RunningBot.deploy(vertx, RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId()));
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-list"));

        chat.send("{\"type\":\"conversation\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}");
        JsonObject bad = chat.next();
        assertThat(bad.getString("code")).isEqualTo("bad_conversation");
        assertThat(bad.getString("message")).startsWith("messages[0].role");
        chat.send(new JsonObject().put("type", "conversation").put("messages", new JsonArray()
                .add(message("system", "You are ELIZA.")).add(message("user", "Hello"))
                .add(message("assistant", "Hello. How are you feeling today?")).add(message("user", "I feel tired of my job.")))
                .encode());
        ChatClient.Reply reply = chat.awaitReply();
        assertThat(reply.text()).isEqualTo("Why do you feel tired of your job?");
        assertThat(String.join("", reply.tokens())).isEqualTo(reply.text());
        assertThat(replyTo(chat, "Hello")).as("the conversation goes on from the list").isEqualTo("Hi again. What is on your mind?");

        chat.end();
        assertThat(chat.next()).isEqualTo(ended("client_end"));
        assertThat(WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT).messages()).isEqualTo(2);
    }

    private static JsonObject message(String role, String content) {
        return new JsonObject().put("role", role).put("content", content);
    }

    @Test
    void aMessageOverTheSizeLimitClosesWith1009(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.MAX_MESSAGE_BYTES, "1024");
        RunningBot bot = RunningBot.deploy(vertx, env);
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-big"));

        chat.say("x".repeat(2000));
        assertThat(chat.awaitClosed()).isEqualTo((short) 1009);
        assertThat(WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT).reason()).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(bot.awaitExit()).isZero();
    }

    @Test
    void anIdleSessionTimesOut(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.IDLE_TIMEOUT_MS, "700");
        RunningBot bot = RunningBot.deploy(vertx, env);
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-idle"));

        assertThat(replyTo(chat, "hello")).isEqualTo("Hello. How are you feeling today?");
        long repliedAt = System.currentTimeMillis();
        assertThat(chat.next()).isEqualTo(ended("idle"));
        assertThat(System.currentTimeMillis() - repliedAt).isGreaterThanOrEqualTo(500);
        assertThat(chat.awaitClosed()).isEqualTo((short) 1000);
        SessionEnded ended = WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT);
        assertThat(ended.reason()).isEqualTo(EndReason.IDLE);
        assertThat(ended.messages()).isEqualTo(1);
    }

    @Test
    void aClosedSocketEndsTheSession(KafkaBroker broker) throws Exception {
        RunningBot bot = RunningBot.deploy(vertx, RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId()));
        ChatClient chat = ChatClient.open(vertx, bot.awaitReady(WORLD.watcher()), bot.claim("s-gone"));
        assertThat(replyTo(chat, "hello")).isNotEmpty();

        chat.close();
        assertThat(WORLD.watcher().awaitSessionEnded(bot.botId(), WAIT).reason()).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(bot.awaitExit()).isZero();
    }

    @Test
    void withReuseTheBotForgetsTheConversationAndIsReadyAgain(KafkaBroker broker) throws Exception {
        Map<String, String> env = RunningBot.env(broker, WORLD.topics(), RunningBot.newBotId());
        env.put(BotConfig.REUSE, "true");
        RunningBot bot = RunningBot.deploy(vertx, env);
        Endpoint endpoint = bot.awaitReady(WORLD.watcher());

        ChatClient first = ChatClient.open(vertx, endpoint, bot.claim("s-one"));
        long busySeq = WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.BUSY, WAIT).seq();
        assertThat(replyTo(first, "hello")).isEqualTo("Hello. How are you feeling today?");
        assertThat(replyTo(first, "hello")).isEqualTo("Hi again. What is on your mind?");
        first.end();
        assertThat(first.next()).isEqualTo(ended("client_end"));
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.READY && h.seq() > busySeq, WAIT);

        ChatClient second = ChatClient.open(vertx, endpoint, bot.claim("s-two"));
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.BUSY && "s-two".equals(h.sessionId()), WAIT);
        assertThat(replyTo(second, "hello")).as("a fresh conversation").isEqualTo("Hello. How are you feeling today?");
        second.end();
        assertThat(second.next()).isEqualTo(ended("client_end"));
        long secondEndedSeq = Await.until(() -> WORLD.watcher().sessionsEnded(bot.botId()).size() == 2
                ? Optional.of(WORLD.watcher().heartbeats(bot.botId()).size()) : Optional.empty(), WAIT, () -> "two sessions ended");
        assertThat(WORLD.watcher().sessionsEnded(bot.botId())).extracting(SessionEnded::sessionId).containsExactly("s-one", "s-two");
        WORLD.watcher().awaitHeartbeat(bot.botId(), h -> h.state() == BotState.READY && h.seq() >= secondEndedSeq, WAIT);
        assertThat(bot.hasExited()).isFalse();
        assertThat(WORLD.watcher().heartbeats(bot.botId())).noneMatch(h -> h.state() == BotState.EXITING);
    }

    private static String replyTo(ChatClient chat, String text) throws InterruptedException {
        chat.say(text);
        return chat.awaitReply().text();
    }

    private static JsonObject ended(String reason) {
        return new JsonObject().put("type", "ended").put("reason", reason);
    }
}
