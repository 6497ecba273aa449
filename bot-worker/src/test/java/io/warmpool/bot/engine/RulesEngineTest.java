package io.warmpool.bot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RulesEngineTest {

    @Test
    void piecesAreWordsThatJoinToTheReply() {
        assertThat(RulesEngine.words("Why do you ask?")).containsExactly("Why ", "do ", "you ", "ask?");
        assertThat(RulesEngine.words("Hi")).containsExactly("Hi");
    }

    @Test
    void streamsWordByWordWithAPauseBetweenWords() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            RulesEngine engine = new RulesEngine(vertx, Duration.ofMillis(50));
            List<String> tokens = new CopyOnWriteArrayList<>();
            long begin = System.nanoTime();
            String reply = engine.reply(Conversation.empty().with(Turn.user("I need sleep")), tokens::add)
                    .await(10, TimeUnit.SECONDS);
            assertThat(reply).isEqualTo("Why do you need sleep?");
            assertThat(String.join("", tokens)).isEqualTo(reply);
            assertThat(tokens).hasSize(5);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
