package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterConfig;
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
 * The official OpenAI SDK for JavaScript (npm {@code openai}, installed by {@code npm ci} in
 * src/test/openai-sdk), unchanged, pointed at the router's base URL. Skipped where its node_modules are
 * missing, except in CI ({@code CI=true}) or with {@code WARMPOOL_REQUIRE_BROWSER=1}, where that is a failure.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
class OpenAiSdkIT {
    private static final String API_KEY = "sk-warmpool-sdk-test";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theOfficialSdkCompletesStreamsListsModelsAndThrowsItsOwnErrors(KafkaBroker broker, Vertx vertx) throws Exception {
        Path scripts = Path.of(System.getProperty("warmpool.openai.sdk.dir", "src/test/openai-sdk"));
        boolean ready = Files.isDirectory(scripts.resolve("node_modules/openai"));
        boolean required = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("WARMPOOL_REQUIRE_BROWSER"));
        if (required) {
            assertThat(ready).as("`npm ci --prefix " + scripts + "` is required").isTrue();
        }
        assumeTrue(ready, "no node_modules/openai: SDK test skipped");

        try (Stack stack = new Stack(broker, "sdk-it.", vertx)) {
            stack.allocator("default:min=2,max=4;empty:min=1,max=1");
            stack.bots(2, true);
            RouterVerticle router = stack.router(RouterConfig.API_KEYS, API_KEY, RouterConfig.SESSION_DEADLINE_MS, "3000");
            OpenAiHttp.awaitModels(router.port(), List.of("default", "empty"), "Authorization", "Bearer " + API_KEY);

            JsonObject seen = runNode(scripts, "http://localhost:" + router.port() + "/v1", "empty");

            assertThat(seen.getJsonObject("completion")).isEqualTo(new JsonObject().put("object", "chat.completion")
                    .put("content", "Why do you feel tired of your job?").put("finishReason", "stop"));
            JsonArray chunks = seen.getJsonArray("chunks");
            StringBuilder streamed = new StringBuilder();
            for (int i = 0; i < chunks.size(); i++) {
                JsonObject chunk = chunks.getJsonObject(i);
                assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
                streamed.append(chunk.getString("content") == null ? "" : chunk.getString("content"));
            }
            assertThat(streamed.toString()).isEqualTo("Why do you feel tired of your job?");
            assertThat(chunks.size()).as("role, a chunk per word, finish").isEqualTo(1 + 8 + 1);
            assertThat(chunks.getJsonObject(chunks.size() - 1).getString("finishReason")).isEqualTo("stop");
            assertThat(seen.getJsonArray("models").getList()).containsExactly("default", "empty");

            JsonObject unauthorized = seen.getJsonObject("unauthorized");
            assertThat(unauthorized.getBoolean("isAuthentication")).as(unauthorized.encode()).isTrue();
            assertThat(unauthorized.getInteger("status")).isEqualTo(401);
            JsonObject unknown = seen.getJsonObject("unknownModel");
            assertThat(unknown.getBoolean("isNotFound")).as(unknown.encode()).isTrue();
            assertThat(unknown.getString("code")).isEqualTo("model_not_found");
            JsonObject unavailable = seen.getJsonObject("unavailable");
            assertThat(unavailable.getBoolean("isInternalServer")).as(unavailable.encode()).isTrue();
            assertThat(unavailable.getInteger("status")).isEqualTo(503);
            assertThat(unavailable.getString("code")).isIn("timeout", "pool_exhausted");
            assertThat(unavailable.getString("retryAfter")).isEqualTo("1");
        }
    }

    private static JsonObject runNode(Path scripts, String baseUrl, String emptyPool) throws Exception {
        File log = Files.createTempFile("openai-sdk", ".log").toFile();
        Process node = new ProcessBuilder(List.of("node", "sdk.js", baseUrl, API_KEY, emptyPool))
                .directory(scripts.toFile())
                .redirectError(log)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as("node sdk.js: " + out + "\n" + Files.readString(log.toPath())).isZero();
        String[] lines = out.split("\n");
        return new JsonObject(lines[lines.length - 1]);
    }
}
