package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.analytics.app.Analytics;
import io.warmpool.analytics.app.AnalyticsConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.runtime.config.Env;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The charts of {@code /pools} in headless Chromium, fed by the real analytics app (windows of 2 s)
 * over the real allocator, bots and router: after a few chats every chart shows data.
 */
@WithKafka
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(VertxExtension.class)
class PoolChartsBrowserIT {
    private static final int CHATS = 3;

    @Test
    void theChartsOfThePoolViewFillInAfterAFewChats(KafkaBroker broker, Vertx vertx) throws Exception {
        Browser.assumeReady();
        try (Stack stack = new Stack(broker, "charts-it.", vertx);
             Analytics analytics = Analytics.start(AnalyticsConfig.from(Env.of(stack.env(
                     AnalyticsConfig.WINDOW_MS, "2000", AnalyticsConfig.GRACE_MS, "1000",
                     AnalyticsConfig.FROM_BEGINNING, "true",
                     AnalyticsConfig.STATE_DIR, Files.createTempDirectory("analytics-it").toString()))),
                     Duration.ofSeconds(30))) {
            stack.allocator("default:min=2,max=6");
            stack.bots(2, true);
            RouterVerticle router = stack.router();
            for (int i = 0; i < CHATS; i++) {
                assertThat(ChatClient.greetAndEnd(stack.vertx, router.port(), "default")).isNotBlank();
            }
            String base = "http://localhost:" + router.port();
            Await.until("pool.stats with the chats on /api/pools/stats", Duration.ofSeconds(60),
                    () -> assignedOnApi(base) >= CHATS);

            JsonObject seen = Browser.run("pool-charts.js", base);
            System.out.println("browser saw " + seen.encode());

            JsonObject charts = seen.getJsonObject("charts");
            assertThat(charts.fieldNames()).containsExactlyInAnyOrder("sessions", "assign", "utilisation", "warm");
            charts.fieldNames().forEach(id -> assertThat(charts.getJsonObject(id).getInteger("points"))
                    .as(id + " points").isPositive());
            assertThat(seen.getDouble("assignedPerMinuteMax")).isPositive();
            assertThat(seen.getDouble("utilisationMax")).isPositive().isLessThanOrEqualTo(100);
            assertThat(seen.getInteger("canvases")).isEqualTo(4);
            assertThat(Browser.SHOTS.resolve("pool-charts.png")).isNotEmptyFile();
            assertThat(analytics.failures().count()).isZero();
        }
    }

    private static long assignedOnApi(String base) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/pools/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonArray stats = new JsonArray(r.body());
            return stats.stream().map(JsonObject.class::cast).filter(s -> s.getString("pool").equals("default"))
                    .mapToLong(s -> s.getJsonObject("sessions").getLong("assigned")).sum();
        } catch (Exception e) {
            return 0;
        }
    }
}
