package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.ClaimRefusal;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.TopicWatcher;
import io.warmpool.poolmanager.app.AllocatorVerticle;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions nobody waits for (issue 12, items 4 to 6), with the real allocator, routers and bots on
 * the in-process broker: a client that leaves while queued, a router that dies without a word, a
 * bot that refuses every claim.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SessionOutcomesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a negative check watches before it concludes nothing happened. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    /**
     * The stated bound for a silent router: 3 of its 1 s intervals, plus a tick (1 s) and a bot
     * heartbeat interval (0.2 s here) for the input to show it flows, plus slack for a loaded machine.
     */
    private static final Duration ROUTER_GONE_BOUND = Duration.ofSeconds(3 + 1 + 1 + 3);

    private Stack stack;
    private TopicWatcher tap;
    private AllocatorVerticle allocator;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "outcomes-it.", vertx);
        tap = new TopicWatcher(broker, stack.topics, EventType.SESSION_REQUESTED, EventType.BOT_ASSIGNED,
                EventType.SESSION_WITHDRAWN, EventType.CLAIM_FAILED, EventType.BOT_HEARTBEAT);
        allocator = stack.allocator("ghost:min=0,max=2;orphans:min=0,max=2;refusing:min=0,max=1");
    }

    @AfterAll
    void stop() throws Exception {
        tap.close();
        stack.close();
    }

    @Test
    void aClientLeavingWhileQueuedWithdrawsItsRequestSoNoBotIsParkedForIt() throws Exception {
        RouterVerticle router = stack.router();
        ChatClient client = stack.chat(router, "/chat?pool=ghost");
        String sessionId = client.expect("queued").getString("sessionId");
        tap.await(SessionRequested.class, r -> r.sessionId().equals(sessionId), WAIT);
        Await.until("the request queued", WAIT, () -> snapshot("ghost").map(PoolSnapshot::queued).orElse(0) == 1);

        client.close();

        SessionWithdrawn withdrawn = tap.await(SessionWithdrawn.class, w -> w.sessionId().equals(sessionId), WAIT);
        assertThat(withdrawn.routerId()).isEqualTo(router.routerId());
        Await.until("the queue emptied", WAIT, () -> snapshot("ghost").map(PoolSnapshot::queued).orElse(-1) == 0);
        Stack.Bot bot = stack.bot(false, "WARMPOOL_POOL", "ghost");
        tap.await(BotHeartbeat.class, h -> h.botId().equals(bot.botId()), WAIT);
        Thread.sleep(QUIET.toMillis());
        assertThat(tap.events(BotAssigned.class, a -> a.sessionId().equals(sessionId))).isEmpty();
        assertThat(snapshot("ghost")).hasValueSatisfying(s -> {
            assertThat(s.ready()).as("the bot stays READY for a live client").isEqualTo(1);
            assertThat(s.assigned()).isZero();
            assertThat(s.queued()).isZero();
        });
        stack.kill(bot);
    }

    @Test
    void theQueuedRequestsOfARouterThatDiedWithoutAWordAreDroppedWithinTheBound() throws Exception {
        // A router that announced itself, asked for a bot, then vanished (kill -9: no withdrawal, no FIN).
        long now = System.currentTimeMillis();
        stack.publish(RouterHeartbeat.of("router-dead", "orphans", 1, 1_000, now));
        stack.publish(SessionRequested.of("orphan-1", "orphans", "router-dead", 1, now, now + 60_000));
        Await.until("the orphan queued", WAIT, () -> snapshot("orphans").map(PoolSnapshot::queued).orElse(0) == 1);
        long lastHeard = System.nanoTime();
        // The rest of the pool's input flows: a bot of it keeps warming up (STARTING: it cannot serve the orphan).
        Stack.Bot starting = stack.bot(false, "WARMPOOL_POOL", "orphans", "WARMPOOL_BOT_WARMUP_MS", "600000");

        Await.until("the orphan dropped", ROUTER_GONE_BOUND.plusSeconds(5),
                () -> snapshot("orphans").map(PoolSnapshot::queued).orElse(-1) == 0);
        Duration took = Duration.ofNanos(System.nanoTime() - lastHeard);
        assertThat(took).as("dropped within the bound").isLessThanOrEqualTo(ROUTER_GONE_BOUND);
        stack.kill(starting);
        Stack.Bot late = stack.bot(false, "WARMPOOL_POOL", "orphans");
        tap.await(BotHeartbeat.class, h -> h.botId().equals(late.botId()), WAIT);
        Thread.sleep(QUIET.toMillis());
        assertThat(tap.events(BotAssigned.class, a -> a.sessionId().equals("orphan-1"))).isEmpty();
        stack.kill(late);
    }

    @Test
    void aClaimRefusedWith401IsReportedAndGivenUpAfterThreeStrikesInsteadOfLooping() throws Exception {
        RouterVerticle router = stack.router();
        Stack.Bot stranger = stack.bot(false, "WARMPOOL_POOL", "refusing",
                "WARMPOOL_CLAIM_KEY", "a-key-this-router-does-not-have-0123456789");
        tap.await(BotHeartbeat.class, h -> h.botId().equals(stranger.botId())
                && h.state() == io.warmpool.events.BotState.READY, WAIT);
        ChatClient client = stack.chat(router, "/chat?pool=refusing");
        String sessionId = client.expect("queued").getString("sessionId");

        assertThat(client.expect("rejected").getString("reason")).isEqualTo("claim_failed");
        var failures = tap.awaitCount(ClaimFailed.class, f -> f.sessionId().equals(sessionId), 3, WAIT);
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.botId()).isEqualTo(stranger.botId());
            assertThat(f.reason()).isEqualTo(ClaimRefusal.UNAUTHORIZED);
            assertThat(f.status()).isEqualTo(401);
        });
        Thread.sleep(QUIET.toMillis());
        assertThat(tap.events(SessionRequested.class, r -> r.sessionId().equals(sessionId)))
                .extracting(SessionRequested::attempt).containsExactly(1, 2, 3);

        // The allocator no longer hands the bot out: a new client waits rather than hitting it again.
        ChatClient next = stack.chat(router, "/chat?pool=refusing");
        String nextId = next.expect("queued").getString("sessionId");
        tap.await(SessionRequested.class, r -> r.sessionId().equals(nextId), WAIT);
        Thread.sleep(QUIET.toMillis());
        assertThat(tap.events(BotAssigned.class, a -> a.sessionId().equals(nextId))).isEmpty();
        assertThat(snapshot("refusing")).map(PoolSnapshot::ready).contains(0);
        next.close();
        stack.kill(stranger);
    }

    private Optional<PoolSnapshot> snapshot(String pool) {
        return Stack.await(allocator.statuses()).stream().filter(s -> s.pool().equals(pool))
                .map(PoolStatus::snapshot).findFirst();
    }
}
