package io.warmpool.bot.support;

import io.vertx.core.Vertx;
import io.warmpool.bot.app.BotConfig;
import io.warmpool.bot.app.BotVerticle;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.Topics;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.testkit.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A bot deployed as a verticle in the test JVM, the way the router's end-to-end tests embed bots. */
public final class RunningBot {
    public static final String KEY = "test-claim-key-0123456789";
    public static final ClaimKey CLAIM_KEY = ClaimKey.of(KEY);

    private final String botId;
    private final BotVerticle verticle;
    private final CompletableFuture<Integer> exitStatus;

    private RunningBot(String botId, BotVerticle verticle, CompletableFuture<Integer> exitStatus) {
        this.botId = botId;
        this.verticle = verticle;
        this.exitStatus = exitStatus;
    }

    /** Settings for a fast bot: no warm-up, no pause between words, heartbeats every 200 ms. */
    public static Map<String, String> env(KafkaBroker broker, Topics topics, String botId) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.BOOTSTRAP, broker.bootstrapServers());
        env.put(KafkaSettings.TOPIC_PREFIX, topics.prefix());
        env.put(BotConfig.BOT_ID, botId);
        env.put(BotConfig.HOST, "127.0.0.1");
        env.put(BotConfig.CLAIM_KEY, KEY);
        env.put(BotConfig.WARMUP_MS, "0");
        env.put(BotConfig.HEARTBEAT_MS, "200");
        env.put(BotConfig.TOKEN_DELAY_MS, "0");
        return env;
    }

    public static String newBotId() {
        return "bot-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deploys the bot; the exit hook undeploys it, as an embedding test would. */
    public static RunningBot deploy(Vertx vertx, Map<String, String> env) throws Exception {
        BotConfig config = BotConfig.from(Env.of(env));
        CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
        AtomicReference<String> deployment = new AtomicReference<>();
        BotVerticle verticle = new BotVerticle(config, status -> {
            exitStatus.complete(status);
            vertx.undeploy(deployment.get());
        }, Clock.systemUTC());
        deployment.set(vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS));
        return new RunningBot(config.botId(), verticle, exitStatus);
    }

    public String botId() {
        return botId;
    }

    public BotVerticle verticle() {
        return verticle;
    }

    /** The endpoint the bot advertises in its first READY heartbeat. */
    public Endpoint awaitReady(EventWatcher watcher) {
        return watcher.awaitHeartbeat(botId, h -> h.state() == BotState.READY, Duration.ofSeconds(20)).endpoint();
    }

    public String claim(String sessionId) {
        return Claim.sign(CLAIM_KEY, sessionId, botId, System.currentTimeMillis() + 30_000).token();
    }

    public int awaitExit() throws Exception {
        return exitStatus.get(20, TimeUnit.SECONDS);
    }

    public boolean hasExited() {
        return exitStatus.isDone();
    }
}
