package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat page and the pool view in a real headless Chromium (Debian's package, driven by
 * playwright-core from src/test/browser). Skipped where the browser or node_modules are missing,
 * except in CI ({@code CI=true}) or with {@code WARMPOOL_REQUIRE_BROWSER=1}, where that is a failure.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(300) // drives external processes: a hung one must not hang the build
class ChatPageBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void aPersonChatsInTheBrowserAndSeesTheBotsOnThePoolView(KafkaBroker broker, Vertx vertx) throws Exception {
        Path scripts = Path.of(System.getProperty("warmpool.browser.dir", "src/test/browser"));
        Path shots = Path.of(System.getProperty("warmpool.screenshots.dir", "target/screenshots"));
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isDirectory(scripts.resolve("node_modules/playwright-core"));
        boolean required = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("WARMPOOL_REQUIRE_BROWSER"));
        if (required) {
            assertThat(ready).as("chromium at " + CHROMIUM + " and `npm ci --prefix " + scripts + "` are required").isTrue();
        }
        assumeTrue(ready, "no chromium or node_modules: browser test skipped");

        try (Stack stack = new Stack(broker, "browser-it.", vertx)) {
            stack.allocator("default:min=3,max=6");
            stack.bots(3, true);
            RouterVerticle router = stack.router();
            JsonObject seen = runNode(scripts, "http://localhost:" + router.port(), shots);

            assertThat(seen.getString("status")).startsWith("Connected to assistant bot-");
            assertThat(seen.getString("reply")).isEqualTo("Hello. How are you feeling today?");
            assertThat(seen.getString("second")).isEqualTo("Why do you feel tired of your job?");
            assertThat(seen.getString("heading")).isEqualTo("pool default");
            System.out.println("browser saw " + seen.encode());
            assertThat(seen.getJsonArray("bots").getList()).contains("BUSY");
            assertThat(seen.getString("ended")).isEqualTo("You ended the conversation.");
            assertThat(shots.resolve("chat.png")).isNotEmptyFile();
            assertThat(shots.resolve("pools.png")).isNotEmptyFile();
        }
    }

    private static JsonObject runNode(Path scripts, String baseUrl, Path shots) throws Exception {
        File log = Files.createTempFile("chat-page", ".log").toFile();
        Process node = new ProcessBuilder(List.of("node", "chat-page.js", baseUrl, shots.toAbsolutePath().toString()))
                .directory(scripts.toFile())
                .redirectErrorStream(false)
                .redirectError(log)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        boolean done = node.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as("node chat-page.js: " + out + "\n" + Files.readString(log.toPath())).isZero();
        String[] lines = out.split("\n");
        return new JsonObject(lines[lines.length - 1]);
    }
}
