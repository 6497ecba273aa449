package io.warmpool.poolmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.EventType;
import io.warmpool.events.TopicWatcher;
import io.warmpool.events.Topics;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.runtime.kafka.KafkaTopics;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool manager whose Docker engine does not exist (DOCKER_HOST names a socket path that is not
 * there): it stays up and says why it cannot provision, in readiness, in {@code /api/pools} and in
 * the {@code bot.spawn.failed} the router's pool view shows.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProvisioningProblemIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaBroker broker;

    ProvisioningProblemIT(KafkaBroker broker) {
        this.broker = broker;
    }

    private Map<String, String> env(Topics topics, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        env.put("WARMPOOL_TOPIC_PREFIX", topics.prefix());
        env.put("WARMPOOL_ALLOCATOR_GROUP", topics.prefix() + "allocators");
        env.put("WARMPOOL_PROVISIONER_GROUP", topics.prefix() + "provisioners");
        env.put("WARMPOOL_POOLS", "default:min=1,max=2,backoff=500");
        env.put("WARMPOOL_HTTP_PORT", "0");
        env.put("WARMPOOL_CLAIM_KEY", "0123456789abcdef0123");
        env.put("WARMPOOL_PROVISIONER", "docker");
        env.put("DOCKER_HOST", "unix://" + dir.resolve("no-such-docker.sock"));
        env.put("WARMPOOL_RECONCILE_MS", "500");
        return env;
    }

    @Test
    void anUnreachableEngineIsReportedInReadinessPoolsAndEvents(Vertx vertx, @TempDir Path dir) throws Exception {
        Topics topics = new Topics("noengine" + System.nanoTime() + ".");
        try (KafkaTopics kafka = KafkaTopics.connect(KafkaSettings.of(broker.bootstrapServers(), topics), "it")) {
            kafka.createMissing(topics, KafkaTopics.DEFAULT_PARTITIONS);
        }
        try (TopicWatcher watcher = new TopicWatcher(broker, topics, EventType.BOT_SPAWN_FAILED)) {
            PoolManager pm = PoolManagerMain.start(vertx, PoolManagerSetup.from(Env.of(env(topics, dir))),
                    Clock.systemUTC()).await(WAIT.toSeconds(), TimeUnit.SECONDS);
            WebClient http = WebClient.create(vertx);
            int port = pm.http().actualPort();

            BotSpawnFailed failed = watcher.await(BotSpawnFailed.class, f -> f.pool().equals("default"), WAIT);
            assertThat(failed.error()).contains("engine unreachable", "no-such-docker.sock");

            HttpResponse<Buffer> ready = Await.until(() -> {
                HttpResponse<Buffer> r = http.get(port, "localhost", "/health/ready").send().await();
                return r.statusCode() == 503 && r.bodyAsString().contains("engine unreachable")
                        ? Optional.of(r) : Optional.empty();
            }, WAIT, () -> "readiness never named the unreachable engine");
            assertThat(ready.bodyAsJsonObject().getString("reason")).startsWith("provisioner: engine unreachable");

            JsonArray pools = Await.until(() -> {
                JsonArray listed = http.get(port, "localhost", "/api/pools").send().await().bodyAsJsonArray();
                return listed.isEmpty() ? Optional.empty() : Optional.of(listed);
            }, WAIT, () -> "/api/pools never listed the pool");
            JsonObject pool = pools.getJsonObject(0);
            assertThat(pool.getString("pool")).isEqualTo("default");
            assertThat(pool.getString("error")).contains("engine unreachable");

            pm.stop().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAllocatorRefusesInputTopicsWithDifferentPartitionCounts(Vertx vertx) {
        Topics topics = new Topics("skewed" + System.nanoTime() + ".");
        broker.createTopics(2, topics.of(EventType.SESSION_ENDED));
        broker.createTopics(4, topics.of(EventType.SESSION_REQUESTED),
                topics.of(EventType.BOT_HEARTBEAT),
                topics.of(EventType.BOT_SPAWN_FAILED));
        Map<String, String> env = new HashMap<>();
        env.put("WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        env.put("WARMPOOL_TOPIC_PREFIX", topics.prefix());
        env.put("WARMPOOL_ROLES", "allocator");
        env.put("WARMPOOL_HTTP_PORT", "0");
        Await.until("the broker lists the four topics", WAIT, () -> {
            try (KafkaTopics kafka = KafkaTopics.connect(KafkaSettings.of(broker.bootstrapServers(), topics), "it")) {
                return kafka.describe(topics).partitions().size() == 4;
            }
        });

        Throwable refused = PoolManagerMain.start(vertx, PoolManagerSetup.from(Env.of(env)), Clock.systemUTC())
                .map(pm -> (Throwable) null).otherwise(e -> e).await();

        assertThat(refused).isInstanceOf(ConfigException.class).hasMessageContaining("different partition counts")
                .hasMessageContaining(topics.of(EventType.SESSION_ENDED) + "=2");
    }
}
