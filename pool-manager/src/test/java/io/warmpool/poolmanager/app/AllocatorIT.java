package io.warmpool.poolmanager.app;

import static io.warmpool.poolmanager.app.KafkaWorld.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.web.client.WebClient;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.codec.DeadLetter;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One allocator service against the real broker, with routers and bots played by the test. */
@WithKafka
class AllocatorIT {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POOL = "default";

    private final KafkaBroker broker;
    private KafkaWorld world;
    private FakeBots bots;
    private AllocatorRun allocator;

    AllocatorIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void world() {
        world = new KafkaWorld(broker, "allocit" + RUNS.incrementAndGet() + ".");
        bots = new FakeBots(world, AllocatorRun.HEARTBEAT_MS);
    }

    /** Starts the allocator and waits until it owns the pool; bots already running are rebuilt from heartbeats. */
    private void start(String pools) {
        allocator = AllocatorRun.start(broker.bootstrapServers(), world, "alloc-1", pools);
        allocator.awaitOwns(world, POOL);
    }

    @AfterEach
    void stop() throws Exception {
        if (allocator != null) {
            allocator.close();
        }
        bots.close();
        world.close();
    }

    private static SessionRequested request(String session, long deadlineIn) {
        long now = System.currentTimeMillis();
        return SessionRequested.of(session, POOL, "router-1", 1, now, now + deadlineIn);
    }

    private Optional<BotAssigned> assigned(String session) {
        return world.events(BotAssigned.class).stream().filter(a -> a.sessionId().equals(session)).findFirst();
    }

    private BotAssigned awaitAssigned(String session) {
        await("bot.assigned for " + session, WAIT, () -> assigned(session).isPresent());
        return assigned(session).orElseThrow();
    }

    @Test
    void threeReadyBotsThenARequestGiveAnAssignmentThenADeficit() {
        bots.ready("b1", POOL);
        bots.ready("b2", POOL);
        bots.ready("b3", POOL);
        start("default:min=3,max=20");

        world.send(SessionRequested.of("s1", POOL, "router-9", 2, System.currentTimeMillis(),
                System.currentTimeMillis() + 10_000));

        BotAssigned a = awaitAssigned("s1");
        assertThat(a.botId()).isIn("b1", "b2", "b3");
        assertThat(a.routerId()).isEqualTo("router-9");
        assertThat(a.attempt()).isEqualTo(2);
        await("pool.deficit", WAIT, () -> !world.events(PoolDeficit.class).isEmpty());
        List<PoolDeficit> deficits = world.events(PoolDeficit.class);
        assertThat(deficits).allSatisfy(d -> assertThat(d.emittedAt()).isGreaterThanOrEqualTo(a.assignedAt()));
        assertThat(deficits.get(0).missing()).isEqualTo(1);
        assertThat(deficits.get(0).snapshot().ready()).isEqualTo(2);
        assertThat(deficits.get(0).snapshot().assigned()).isEqualTo(1);
        assertThat(deficits.stream().map(PoolDeficit::provisionId).distinct()).hasSameSizeAs(deficits);
    }

    @Test
    void servesTheHttpEndpoints() {
        start("default:min=1,max=4");
        bots.ready("b1", POOL);
        world.send(request("s1", 10_000));
        awaitAssigned("s1");
        WebClient web = WebClient.create(allocator.vertx);
        int port = allocator.http.actualPort();

        String pools = AllocatorRun.get(web.get(port, "localhost", "/api/pools").send()).bodyAsString();
        int ready = AllocatorRun.get(web.get(port, "localhost", "/health/ready").send()).statusCode();
        String metrics = AllocatorRun.get(web.get(port, "localhost", "/metrics").send()).bodyAsString();
        web.close();

        assertThat(pools).contains("\"pool\":\"default\"", "\"allocatorId\":\"alloc-1\"", "\"botId\":\"b1\"",
                "\"state\":\"ASSIGNED\"");
        assertThat(ready).isEqualTo(200);
        assertThat(metrics).contains("warmpool_assign_latency_seconds_count{pool=\"default\"} 1",
                "warmpool_queue_length{pool=\"default\"}", "warmpool_pool_bots{pool=\"default\",state=\"assigned\"} 1",
                "warmpool_deficits_total{pool=\"default\"}", "warmpool_dlq_total");
    }

    @Test
    void queuesABurstLargerThanThePoolAndServesItInOrder() {
        start("default:min=0,max=10,queue=20");
        bots.ready("b1", POOL);
        bots.ready("b2", POOL);
        for (int i = 1; i <= 6; i++) {
            world.send(request("s" + i, 30_000));
        }
        awaitAssigned("s2");
        for (int i = 3; i <= 6; i++) {
            assertThat(assigned("s" + i)).as("s%d waits for a bot", i).isEmpty();
            bots.ready("b" + i, POOL);
            awaitAssigned("s" + i);
        }

        List<BotAssigned> assigned = world.events(BotAssigned.class);
        assertThat(assigned).extracting(BotAssigned::sessionId).containsExactly("s1", "s2", "s3", "s4", "s5", "s6");
        // b1 and b2 may both be READY when s1 comes, and then the one READY most recently takes it.
        assertThat(assigned.subList(0, 2)).extracting(BotAssigned::botId).containsExactlyInAnyOrder("b1", "b2");
        assertThat(assigned.subList(2, 6)).extracting(BotAssigned::botId).containsExactly("b3", "b4", "b5", "b6");
        assertThat(assigned).extracting(BotAssigned::queuedMs).last().isNotEqualTo(0L);
    }

    @Test
    void rejectsARequestPastItsDeadlineAndNeverAssignsIt() {
        start("default:min=0,max=5");
        SessionRequested late = request("s1", 400);
        world.send(late);

        await("session.rejected", WAIT, () -> !world.events(SessionRejected.class).isEmpty());
        SessionRejected rejected = world.events(SessionRejected.class).get(0);
        assertThat(rejected.sessionId()).isEqualTo("s1");
        assertThat(rejected.reason()).isEqualTo(RejectReason.TIMEOUT);
        assertThat(rejected.rejectedAt()).isGreaterThanOrEqualTo(late.deadline());

        bots.ready("b1", POOL);
        world.send(request("s2", 10_000));
        assertThat(awaitAssigned("s2").botId()).isEqualTo("b1");
        assertThat(assigned("s1")).isEmpty();
    }

    @Test
    void aSilentBotIsLostAndReplacedWithoutEndingItsSessionAndReadmittedWhenItSpeaksAgain() {
        bots.claiming().provisioning();
        bots.ready("b1", POOL);
        bots.ready("b2", POOL);
        start("default:min=2,max=10,spawnTimeout=60000");
        world.send(request("s1", 10_000));
        String busy = awaitAssigned("s1").botId();
        String idle = busy.equals("b1") ? "b2" : "b1";
        await("the replacement of " + busy, WAIT, () -> world.events(PoolDeficit.class).size() == 1);
        int deficitsBefore = world.events(PoolDeficit.class).size();

        long silencedAt = System.currentTimeMillis();
        bots.silence("b1");
        bots.silence("b2"); // the READY one: its loss leaves the pool short, the BUSY one's does not (retire)

        await("both LOST in pool.status", WAIT, () -> lastStatus().map(s -> s.bots().stream()
                .filter(b -> b.state().equals("LOST")).count() == 2).orElse(false));
        await("a new deficit", WAIT, () -> world.events(PoolDeficit.class).size() > deficitsBefore);
        PoolDeficit replacement = world.events(PoolDeficit.class).get(deficitsBefore);
        assertThat(replacement.emittedAt()).isGreaterThan(silencedAt);
        assertThat(replacement.missing()).isEqualTo(1);
        assertThat(lastStatus().orElseThrow().bots()).filteredOn(b -> b.botId().equals(busy)).singleElement()
                .satisfies(b -> assertThat(b.sessionId()).as("shown with its session").isEqualTo("s1"));
        assertThat(world.events(SessionEnded.class)).as("the allocator ends no session on silence").isEmpty();

        bots.ready(idle, POOL); // the same bot speaks again

        await(idle + " READY again", WAIT, () -> lastStatus().map(s -> s.bots().stream()
                .anyMatch(b -> b.botId().equals(idle) && b.state().equals("READY"))).orElse(false));
    }

    private Optional<PoolStatus> lastStatus() {
        List<PoolStatus> statuses = world.events(PoolStatus.class);
        return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
    }

    @Test
    void sendsMalformedRecordsOfEveryInputTopicToTheDeadLetterTopicAndGoesOn() {
        start("default:min=0,max=5");
        List<EventType> inputs = List.of(EventType.SESSION_REQUESTED, EventType.BOT_HEARTBEAT,
                EventType.SESSION_ENDED, EventType.BOT_SPAWN_FAILED, EventType.POOL_STATUS);
        for (EventType type : inputs) {
            world.sendRaw(type, POOL, "not json at all".getBytes(StandardCharsets.UTF_8), List.of());
            world.sendRaw(type, POOL, "{\"schemaVersion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8), List.of(
                    KafkaWorld.header("ce_specversion", "1.0"), KafkaWorld.header("ce_id", "x1"),
                    KafkaWorld.header("ce_source", "urn:test"), KafkaWorld.header("ce_type", type.eventName()),
                    KafkaWorld.header("content-type", "application/json")));
        }
        bots.ready("b1", POOL);
        world.send(request("s1", 10_000));

        assertThat(awaitAssigned("s1").botId()).isEqualTo("b1");
        await("ten dead letters", WAIT, () -> world.deadLetters().size() >= 10);
        Set<String> from = world.deadLetters().stream()
                .map(s -> new String(s.raw().headers().lastHeader(DeadLetter.HEADER_TOPIC).value(),
                        StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
        assertThat(from).containsExactlyInAnyOrderElementsOf(inputs.stream().map(world.topics::of).toList());
        assertThat(world.deadLetters()).hasSize(10);
    }
}
