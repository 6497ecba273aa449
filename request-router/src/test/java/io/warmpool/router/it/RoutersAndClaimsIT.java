package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EventType;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.TopicWatcher;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several routers on one Kafka, and the claim protocol's answer to a bot assigned twice. */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutersAndClaimsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Stack stack;
    private TopicWatcher tap;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "routers-it.", vertx);
        tap = new TopicWatcher(broker, stack.topics, EventType.SESSION_REQUESTED, EventType.BOT_ASSIGNED);
        stack.allocator("two:min=6,max=10;claim:min=1,max=5");
    }

    @AfterAll
    void stop() throws Exception {
        tap.close();
        stack.close();
    }

    @Test
    void twoRoutersShareOneKafkaWithoutCrossingSessions() {
        for (int i = 0; i < 6; i++) {
            stack.bot(false, "WARMPOOL_POOL", "two");
        }
        RouterVerticle red = stack.router();
        RouterVerticle blue = stack.router();
        Map<ChatClient, RouterVerticle> clients = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            clients.put(stack.chat(red, "/chat?pool=two"), red);
            clients.put(stack.chat(blue, "/chat?pool=two"), blue);
        }
        List<String> bots = new ArrayList<>();
        clients.forEach((chat, router) -> {
            String sessionId = chat.expect("queued").getString("sessionId");
            JsonObject assigned = chat.expect("assigned");
            assertThat(assigned.getString("sessionId")).isEqualTo(sessionId);
            bots.add(assigned.getString("botId"));
            assertThat(tap.await(SessionRequested.class, r -> r.sessionId().equals(sessionId), WAIT).routerId())
                    .isEqualTo(router.routerId());
            assertThat(tap.await(BotAssigned.class, a -> a.sessionId().equals(sessionId), WAIT).routerId())
                    .isEqualTo(router.routerId());
        });
        clients.keySet().forEach(chat -> assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?"));
        assertThat(bots).doesNotHaveDuplicates();
        clients.keySet().forEach(ChatClient::end);
        clients.keySet().forEach(chat -> assertThat(chat.expect("ended").getString("reason")).isEqualTo("client_end"));
    }

    @Test
    void aLostClaimIsRetriedWithTheNextAttempt() {
        RouterVerticle router = stack.router();
        Stack.Bot taken = stack.bot(false, "WARMPOOL_POOL", "claim");
        ChatClient first = stack.chat(router, "/chat?pool=claim");
        String firstSession = first.expect("queued").getString("sessionId");
        assertThat(first.expect("assigned").getString("botId")).isEqualTo(taken.botId());
        BotAssigned firstAssignment = tap.await(BotAssigned.class, a -> a.sessionId().equals(firstSession), WAIT);

        ChatClient second = stack.chat(router, "/chat?pool=claim");
        String sessionId = second.expect("queued").getString("sessionId");
        tap.await(SessionRequested.class, r -> r.sessionId().equals(sessionId) && r.attempt() == 1, WAIT);
        // What an allocator that lost its state might do: hand the busy bot out a second time.
        stack.publish(BotAssigned.of(sessionId, 1, router.routerId(), taken.botId(), "claim",
                firstAssignment.endpoint(), System.currentTimeMillis(), 0));

        SessionRequested retry = tap.await(SessionRequested.class,
                r -> r.sessionId().equals(sessionId) && r.attempt() == 2, WAIT);
        assertThat(retry.routerId()).isEqualTo(router.routerId());
        Stack.Bot fresh = stack.bot(false, "WARMPOOL_POOL", "claim");
        assertThat(second.expect("assigned").getString("botId")).isEqualTo(fresh.botId());
        assertThat(second.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
        assertThat(first.reply("Hello!")).as("the first session never noticed").isEqualTo(
                "Hello. How are you feeling today?");
        first.end();
        second.end();
    }
}
