package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chat page and the pool view in a real headless Chromium (see {@link Browser}). */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(300) // drives external processes: a hung one must not hang the build
class ChatPageBrowserIT {

    @Test
    void aPersonChatsInTheBrowserAndSeesTheBotsOnThePoolView(KafkaBroker broker, Vertx vertx) throws Exception {
        Browser.assumeReady();
        try (Stack stack = new Stack(broker, "browser-it.", vertx)) {
            stack.allocator("default:min=3,max=6");
            stack.bots(3, true);
            RouterVerticle router = stack.router();
            JsonObject seen = Browser.run("chat-page.js", "http://localhost:" + router.port());

            assertThat(seen.getString("status")).startsWith("Connected to assistant bot-");
            assertThat(seen.getString("reply")).isEqualTo("Hello. How are you feeling today?");
            assertThat(seen.getString("second")).isEqualTo("Why do you feel tired of your job?");
            assertThat(seen.getString("heading")).isEqualTo("pool default");
            System.out.println("browser saw " + seen.encode());
            assertThat(seen.getJsonArray("bots").getList()).contains("BUSY");
            assertThat(seen.getString("ended")).isEqualTo("You ended the conversation.");
            assertThat(Browser.SHOTS.resolve("chat.png")).isNotEmptyFile();
            assertThat(Browser.SHOTS.resolve("pools.png")).isNotEmptyFile();
        }
    }
}
