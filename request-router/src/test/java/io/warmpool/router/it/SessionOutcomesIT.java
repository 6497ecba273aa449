package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.ClaimRefusal;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.TopicWatcher;
import io.warmpool.poolmanager.app.AllocatorVerticle;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterMain;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.JavaProcess;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions nobody waits for (issue 12, items 4 to 6), with the real allocator, routers and bots on
 * the in-process broker: a client that leaves while queued, a router process killed with SIGKILL, a
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
                EventType.SESSION_WITHDRAWN, EventType.CLAIM_FAILED, EventType.BOT_HEARTBEAT, EventType.ROUTER_HEARTBEAT,
                EventType.POOL_DEFICIT);
        allocator = stack.allocator("ghost:min=0,max=2;late:min=0,max=1,claimTimeout=120000;orphans:min=0,max=2,deadline=60000,spawnTimeout=2000;refusing:min=0,max=1");
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

    /**
     * A bot assigned to a session its router no longer has: the router answered it at its deadline
     * while the assignment was on its way (a paused allocator reading its backlog). The request is
     * published here in the router's name, as that router had before it gave up. The router hands the
     * bot back with {@code session.withdrawn}, and the next client gets it at once, not after the
     * pool's claim timeout (120 s here, beyond this test's own timeout).
     */
    @Test
    void aBotAssignedToASessionItsRouterNoLongerHasIsHandedBackAtOnce() throws Exception {
        RouterVerticle router = stack.router();
        Stack.Bot bot = stack.bot(true, "WARMPOOL_POOL", "late");
        tap.await(BotHeartbeat.class, h -> h.botId().equals(bot.botId()) && h.state() == BotState.READY, WAIT);
        String gone = "answered-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        stack.publish(SessionRequested.of(gone, "late", router.routerId(), 1, now, now + 60_000));

        assertThat(tap.await(BotAssigned.class, a -> a.sessionId().equals(gone), WAIT).botId()).isEqualTo(bot.botId());
        SessionWithdrawn handedBack = tap.await(SessionWithdrawn.class, w -> w.sessionId().equals(gone), WAIT);
        assertThat(handedBack.routerId()).isEqualTo(router.routerId());
        assertThat(handedBack.pool()).isEqualTo("late");

        ChatClient client = stack.chat(router, "/chat?pool=late");
        client.expect("queued");
        assertThat(client.expect("assigned").getString("botId")).isEqualTo(bot.botId());
        client.close();
        stack.kill(bot);
    }

    /**
     * A real router process holding queued sessions, killed with SIGKILL: no withdrawal, no last
     * word. The allocator hears its {@code router.heartbeat} stop and drops its requests within the
     * bound; no bot is parked for them afterwards and no more bots are asked for them.
     */
    @Test
    void theQueuedRequestsOfAKilledRouterProcessAreDroppedWithinTheBound(@TempDir Path logs) throws Exception {
        Path log = logs.resolve("router.log");
        Process router = JavaProcess.start(RouterMain.class, stack.env(RouterConfig.HTTP_PORT, "0",
                RouterConfig.ROUTER_ID, "router-killed", RouterConfig.SESSION_DEADLINE_MS, "60000"), log);
        try {
            int port = Await.until(() -> listeningPort(log), WAIT, () -> "the router process did not listen:\n"
                    + read(log));
            ChatClient first = ChatClient.open(stack.clients, port, "/chat?pool=orphans");
            ChatClient second = ChatClient.open(stack.clients, port, "/chat?pool=orphans");
            Set<String> sessions = Set.of(first.expect("queued").getString("sessionId"),
                    second.expect("queued").getString("sessionId"));
            tap.await(RouterHeartbeat.class, h -> h.routerId().equals("router-killed") && h.pool().equals("orphans"),
                    WAIT);
            Await.until("both requests queued", WAIT,
                    () -> snapshot("orphans").map(PoolSnapshot::queued).orElse(0) == 2);
            // Nobody provisions this pool: while the requests wait, a deficit is asked again every spawn timeout.
            tap.awaitCount(PoolDeficit.class, d -> d.pool().equals("orphans"), 2, WAIT);

            long killedAt = System.nanoTime();
            router.destroyForcibly(); // kill -9
            assertThat(router.waitFor(30, TimeUnit.SECONDS)).as("the router process is dead").isTrue();

            Await.until("the killed router's requests dropped", ROUTER_GONE_BOUND.plusSeconds(5),
                    () -> snapshot("orphans").map(PoolSnapshot::queued).orElse(-1) == 0);
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("router SIGKILL to its queued requests dropped: %d ms%n", took.toMillis());
            assertThat(took).as("dropped within the bound").isLessThanOrEqualTo(ROUTER_GONE_BOUND);
            assertThat(tap.events(SessionWithdrawn.class, w -> sessions.contains(w.sessionId())))
                    .as("a killed router withdraws nothing: the drop is the allocator's own").isEmpty();

            int deficits = tap.events(PoolDeficit.class, d -> d.pool().equals("orphans")).size();
            Stack.Bot late = stack.bot(false, "WARMPOOL_POOL", "orphans");
            tap.await(BotHeartbeat.class, h -> h.botId().equals(late.botId()), WAIT);
            Thread.sleep(QUIET.toMillis()); // longer than the pool's spawn timeout: a kept deficit would be asked again
            assertThat(tap.events(BotAssigned.class, a -> sessions.contains(a.sessionId())))
                    .as("bots assigned to the killed router's sessions").isEmpty();
            assertThat(tap.events(PoolDeficit.class, d -> d.pool().equals("orphans")))
                    .as("deficits asked after the drop").hasSize(deficits);
            assertThat(snapshot("orphans")).hasValueSatisfying(s -> {
                assertThat(s.ready()).as("the bot stays READY for a live client").isEqualTo(1);
                assertThat(s.assigned()).isZero();
                assertThat(s.queued()).isZero();
            });
            stack.kill(late);
        } finally {
            router.destroyForcibly();
        }
    }

    private static Optional<Integer> listeningPort(Path log) {
        Matcher m = Pattern.compile("listening on (\\d+)").matcher(read(log));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
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
