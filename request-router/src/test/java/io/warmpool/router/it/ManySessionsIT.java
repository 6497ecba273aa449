package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** 200 sessions open at once on a pool large enough for all of them: every one completes, on a bot of its own. */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManySessionsIT {
    private static final int SESSIONS = 200;

    private Stack stack;
    private RouterVerticle router;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "many-it.", vertx);
        // Heartbeats once a second: 200 bots at the other tests' 5 per second would crowd the 2-core CI box.
        stack.allocator("many:min=" + SESSIONS + ",max=" + (SESSIONS + 20), "WARMPOOL_HEARTBEAT_MS", "1000");
        for (int i = 0; i < SESSIONS; i++) {
            stack.bot(false, "WARMPOOL_POOL", "many", "WARMPOOL_HEARTBEAT_MS", "1000");
        }
        router = stack.router();
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void twoHundredConcurrentSessionsAllCompleteAndNoBotServesTwo() {
        List<ChatClient> clients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            clients.add(stack.chat(router, "/chat?pool=many"));
        }
        Set<String> sessions = new HashSet<>();
        Set<String> bots = new HashSet<>();
        for (ChatClient chat : clients) {
            sessions.add(chat.expect("queued").getString("sessionId"));
            bots.add(chat.expect("assigned").getString("botId"));
        }
        // All are assigned before any ends, so a bot given to two sessions would show up twice here.
        assertThat(sessions).hasSize(SESSIONS);
        assertThat(bots).hasSize(SESSIONS);
        clients.forEach(chat -> chat.say("Hello!"));
        for (ChatClient chat : clients) {
            StringBuilder tokens = new StringBuilder();
            var frame = chat.next();
            while ("token".equals(frame.getString("type"))) {
                tokens.append(frame.getString("text"));
                frame = chat.next();
            }
            assertThat(frame.getString("text")).isEqualTo("Hello. How are you feeling today?").isEqualTo(tokens.toString());
        }
        clients.forEach(ChatClient::end);
        clients.forEach(chat -> assertThat(chat.expect("ended").getString("reason")).isEqualTo("client_end"));
    }
}
