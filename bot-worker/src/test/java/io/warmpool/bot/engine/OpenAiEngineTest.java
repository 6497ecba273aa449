package io.warmpool.bot.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.bot.support.FakeOpenAi;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAI engine against a local server that speaks the real SSE framing. */
@ExtendWith(VertxExtension.class)
class OpenAiEngineTest {
    private static Vertx vertx;
    private static FakeOpenAi server;
    private static OpenAiEngine engine;

    @BeforeAll
    static void start(Vertx shared) throws Exception {
        vertx = shared;
        server = FakeOpenAi.start(vertx);
        engine = new OpenAiEngine(vertx, new OpenAiSettings(server.baseUrl() + "/", "tiny-model", "sk-test"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void streamsTheChunksAndAsksWithTheWholeConversation() throws Exception {
        List<String> tokens = new CopyOnWriteArrayList<>();
        Conversation conversation = Conversation.empty().with(Turn.user("hi")).with(Turn.assistant("hello"))
                .with(Turn.user("how are you"));

        String reply = engine.reply(conversation, tokens::add).await(10, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo("You said: how are you");
        assertThat(tokens).containsExactly("You ", "said: ", "how are you");
        JsonObject request = server.requests().get(server.requests().size() - 1);
        assertThat(request.getString("model")).isEqualTo("tiny-model");
        assertThat(request.getBoolean("stream")).isTrue();
        assertThat(request.containsKey("max_tokens")).isFalse();
        assertThat(request.getJsonArray("messages").encode()).isEqualTo(
                "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
                        + "{\"role\":\"user\",\"content\":\"how are you\"}]");
        assertThat(server.authorizations()).last().isEqualTo("Bearer sk-test");
    }

    @Test
    void aSystemTurnGoesUpstreamWithItsRole() throws Exception {
        Conversation conversation = new Conversation(List.of(new Turn(Turn.Role.SYSTEM, "Be brief."), Turn.user("hi")));

        engine.reply(conversation, t -> { }).await(10, TimeUnit.SECONDS);

        JsonObject request = server.requests().get(server.requests().size() - 1);
        assertThat(request.getJsonArray("messages").encode()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}]");
    }

    @Test
    void warmUpIsAFirstRealRequestOfOneToken() throws Exception {
        int before = server.requests().size();
        engine.warmUp().await(10, TimeUnit.SECONDS);
        assertThat(server.requests()).hasSize(before + 1);
        assertThat(server.requests().get(before).getInteger("max_tokens")).isEqualTo(1);
    }

    @Test
    void anHttpErrorFailsTheReplyWithItsStatus() {
        assertThatThrownBy(() -> engine.reply(Conversation.empty().with(Turn.user("fail")), t -> { })
                .await(10, TimeUnit.SECONDS))
                .isInstanceOf(EngineException.class)
                .hasMessage("chat completions answered HTTP 500");
    }

    @Test
    void aDroppedStreamFailsTheReplyAfterItsFirstTokens() {
        List<String> tokens = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> engine.reply(Conversation.empty().with(Turn.user("drop")), tokens::add)
                .await(10, TimeUnit.SECONDS))
                .isInstanceOf(EngineException.class);
        assertThat(tokens).containsExactly("Half ", "a ");
    }

    @Test
    void anUnreachableEndpointFailsTheWarmUp() {
        OpenAiEngine nowhere = new OpenAiEngine(vertx, new OpenAiSettings("http://127.0.0.1:1/v1", "m", null));
        assertThatThrownBy(() -> nowhere.warmUp().await(10, TimeUnit.SECONDS)).isInstanceOf(Exception.class);
    }
}
