package io.warmpool.bot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RulesEngineTest {

    @Test
    void piecesAreWordsThatJoinToTheReply() {
        assertThat(RulesEngine.words("Why do you ask?")).containsExactly("Why ", "do ", "you ", "ask?");
        assertThat(RulesEngine.words("Hi")).containsExactly("Hi");
    }

    @Test
    void streamsWordByWordWithAPauseBetweenWords(Vertx vertx, VertxTestContext test) {
        RulesEngine engine = new RulesEngine(vertx, Duration.ofMillis(50));
        List<String> tokens = new CopyOnWriteArrayList<>();
        Checkpoint eachWord = test.checkpoint(5); // strict: a sixth token fails the test
        Checkpoint replied = test.checkpoint();
        long begin = System.nanoTime();
        engine.reply(Conversation.empty().with(Turn.user("I need sleep")), token -> {
            tokens.add(token);
            eachWord.flag();
        }).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply).isEqualTo("Why do you need sleep?");
            assertThat(String.join("", tokens)).isEqualTo(reply);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            replied.flag();
        })));
    }
}
