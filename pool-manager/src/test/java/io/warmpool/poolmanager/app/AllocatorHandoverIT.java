package io.warmpool.poolmanager.app;

import static io.warmpool.poolmanager.app.KafkaWorld.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.web.client.WebClient;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.poolmanager.kafka.KeyPartitioner;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several allocator instances in one consumer group: pools split between them, and handed over. */
@WithKafka
class AllocatorHandoverIT {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String POOLS = "default:min=2,max=200,queue=200,deadline=60000";
    private static final int TOTAL = 60;

    private final KafkaBroker broker;
    private final List<AutoCloseable> open = new ArrayList<>();
    private KafkaWorld world;
    private FakeBots bots;

    AllocatorHandoverIT(KafkaBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void world() {
        world = new KafkaWorld(broker, "handoverit" + RUNS.incrementAndGet() + ".");
        bots = new FakeBots(world, AllocatorRun.HEARTBEAT_MS);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        bots.close();
        world.close();
    }

    private AllocatorRun start(String id, String pools) {
        AllocatorRun run = AllocatorRun.start(broker.bootstrapServers(), world, id, pools);
        open.add(0, run);
        return run;
    }

    private Map<String, List<String>> outcomesBySession() {
        Map<String, List<String>> outcomes = new TreeMap<>();
        world.events(BotAssigned.class).forEach(a -> outcomes.computeIfAbsent(a.sessionId(), k -> new ArrayList<>())
                .add("assigned " + a.botId()));
        world.events(SessionRejected.class).forEach(r -> outcomes.computeIfAbsent(r.sessionId(),
                k -> new ArrayList<>()).add("rejected " + r.reason().wire()));
        return outcomes;
    }

    @Test
    void twoAllocatorsSplitThePools() {
        List<String> pools = new ArrayList<>();
        for (int i = 0; pools.size() < KafkaWorld.PARTITIONS; i++) {
            String name = "pool" + i;
            if (KeyPartitioner.partition(name, KafkaWorld.PARTITIONS) == pools.size()) {
                pools.add(name); // one pool per partition: pool<k> lands on partition k
            }
        }
        pools.forEach(p -> bots.ready("bot-" + p, p));
        String config = pools.stream().map(p -> p + ":min=0,max=3").collect(Collectors.joining(";"));
        start("alloc-a", config);
        start("alloc-b", config);

        await("both allocators owning a share of the pools", WAIT, () -> {
            long since = world.events(PoolStatus.class).stream().filter(s -> s.allocatorId().equals("alloc-b"))
                    .mapToLong(PoolStatus::emittedAt).min().orElse(Long.MAX_VALUE - 10_000) + 1_500;
            Map<String, Set<String>> owners = owners(since);
            return owners.size() == pools.size() && owners.values().stream().allMatch(o -> o.size() == 1);
        });
        long now = System.currentTimeMillis();
        pools.forEach(p -> world.send(SessionRequested.of("s-" + p, p, "router-1", 1, now, now + 20_000)));

        await("every pool serving its request", WAIT, () -> outcomesBySession().size() == pools.size());
        await("statuses after the requests", WAIT, () -> owners(now).size() == pools.size());
        Map<String, Set<String>> owners = owners(now);
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(pools);
        assertThat(owners.values()).allSatisfy(o -> assertThat(o).hasSize(1));
        assertThat(owners.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("alloc-a", "alloc-b");
        pools.forEach(p -> assertThat(outcomesBySession().get("s-" + p)).containsExactly("assigned bot-" + p));
    }

    /** Which allocators published each pool's status since {@code since}. */
    private Map<String, Set<String>> owners(long since) {
        return world.events(PoolStatus.class).stream().filter(s -> s.emittedAt() >= since)
                .collect(Collectors.groupingBy(PoolStatus::pool,
                        Collectors.mapping(PoolStatus::allocatorId, Collectors.toSet())));
    }

    @Test
    void aNewAllocatorTakesOverMidStreamAndLosesNoRequest() throws Exception {
        bots.claiming().provisioning();
        bots.ready("b1", "default");
        bots.ready("b2", "default");
        AllocatorRun first = start("alloc-first", POOLS);
        first.awaitOwns(world, "default");
        RequestStream stream = new RequestStream();

        await("a third of the stream sent", WAIT, () -> stream.sent.get() >= TOTAL / 3);
        first.close();
        open.remove(first);
        AllocatorRun second = start("alloc-second", POOLS);
        long owning = awaitReady(second);
        stream.join();

        assertOneAssignmentPerRequestAndNoBotTwice();
        long firstServed = firstServedBy("alloc-second");
        System.out.printf("handover: the new allocator served %d ms after owning the pool (heartbeat %d ms)%n",
                firstServed - owning, AllocatorRun.HEARTBEAT_MS);
        // The design's bound for serving again after a handover (invariant 7: one heartbeat interval + 2 s),
        // a fault-behaviour bound in seconds; how fast it is in fact is the benchmarks' business.
        assertThat(firstServed - owning).isLessThanOrEqualTo(AllocatorRun.HEARTBEAT_MS + 2_000);
    }

    /**
     * The first allocator is a process killed with SIGKILL while requests stream in and wait in its
     * queue (its two bots are taken and nobody provisions yet): it leaves the group only when its
     * session times out, and what it read but had not answered is read again by the second. Still
     * one outcome per request, and no bot double-booked.
     */
    @Test
    @Timeout(240) // drives a child JVM
    void aNewAllocatorTakesOverFromAKilledOneAndLosesNoRequest(@TempDir Path logs) throws Exception {
        bots.claiming();
        bots.ready("b1", "default");
        bots.ready("b2", "default");
        Process first = AllocatorRun.startProcess(broker.bootstrapServers(), world, "alloc-first", POOLS,
                logs.resolve("alloc-first.log"));
        try {
            AllocatorRun.awaitOwns(world, "alloc-first", "default");
            RequestStream stream = new RequestStream();
            // Its status says a quarter of the stream waits: read, handled and (were they committed) long committed.
            await("the two bots taken and requests queued behind them", WAIT, () -> world.events(PoolStatus.class)
                    .stream().anyMatch(st -> st.allocatorId().equals("alloc-first")
                            && st.snapshot().queued() >= TOTAL / 4));

            first.destroyForcibly(); // SIGKILL, with requests in flight
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the first allocator is dead").isTrue();
            bots.provisioning(); // from now on: the deficits the killed allocator asked for are lost with it
            start("alloc-second", POOLS);
            stream.join();

            assertOneAssignmentPerRequestAndNoBotTwice();
            firstServedBy("alloc-second"); // the queued ones were served by the second
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nthe killed allocator said:\n"
                    + Files.readString(logs.resolve("alloc-first.log")), e);
        } finally {
            first.destroyForcibly();
        }
    }

    /** A router's steady stream of requests, one every 50 ms, each with a deadline far enough for a handover. */
    private final class RequestStream {
        final AtomicInteger sent = new AtomicInteger();
        private final Thread thread = new Thread(() -> {
            for (int i = 1; i <= TOTAL; i++) {
                long now = System.currentTimeMillis();
                world.send(SessionRequested.of("s" + i, "default", "router-1", 1, now, now + 60_000));
                sent.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        RequestStream() {
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join(60_000);
        }
    }

    private void assertOneAssignmentPerRequestAndNoBotTwice() {
        await("an outcome for every request", Duration.ofSeconds(90), () -> outcomesBySession().size() == TOTAL);
        Map<String, List<String>> outcomes = outcomesBySession();
        outcomes.forEach((session, seen) -> assertThat(Set.copyOf(seen))
                .as("distinct outcomes of %s", session).hasSize(1).allMatch(o -> o.startsWith("assigned")));
        // These bots never end a session: a bot handed to a second session would serve two at once.
        world.events(BotAssigned.class).stream().collect(Collectors.groupingBy(BotAssigned::botId,
                        Collectors.mapping(BotAssigned::sessionId, Collectors.toSet())))
                .forEach((bot, sessions) -> assertThat(sessions).as("sessions assigned to %s", bot).hasSize(1));
        assertThat(bots.overlaps()).as("assignments that reached a busy bot").isEmpty();
    }

    /** When that allocator first assigned a bot. */
    private long firstServedBy(String allocatorId) {
        return world.seenOf(BotAssigned.class).stream()
                .filter(s -> ("urn:warmpool:allocator:" + allocatorId).equals(s.source()))
                .mapToLong(s -> ((BotAssigned) s.event()).assignedAt()).min()
                .orElseThrow(() -> new AssertionError(allocatorId + " assigned no bot"));
    }

    /**
     * Polls /health/ready, which turns 200 once the group assigned partitions, i.e. when the rebuild
     * begins. Returns when the last probe that still saw it unready was sent: the rebuild began after
     * that, so measuring from there never flatters the new allocator.
     */
    private static long awaitReady(AllocatorRun run) {
        WebClient web = WebClient.create(run.vertx);
        long[] notYet = {System.currentTimeMillis()};
        await(run.id + " ready", WAIT, () -> {
            long sentAt = System.currentTimeMillis();
            boolean ready = AllocatorRun.get(web.get(run.http.actualPort(), "localhost", "/health/ready").send())
                    .statusCode() == 200;
            if (!ready) {
                notYet[0] = sentAt;
            }
            return ready;
        });
        web.close();
        return notYet[0];
    }
}
