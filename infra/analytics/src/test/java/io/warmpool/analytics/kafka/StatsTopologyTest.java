package io.warmpool.analytics.kafka;

import static io.warmpool.analytics.kafka.Events.T;
import static io.warmpool.analytics.kafka.Events.assigned;
import static io.warmpool.analytics.kafka.Events.deficit;
import static io.warmpool.analytics.kafka.Events.ended;
import static io.warmpool.analytics.kafka.Events.heartbeat;
import static io.warmpool.analytics.kafka.Events.rejected;
import static io.warmpool.analytics.kafka.Events.requested;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.Distribution;
import io.warmpool.events.EndReason;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolStats;
import io.warmpool.events.RejectReason;
import io.warmpool.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The topology in Kafka Streams' test driver: one-minute windows, 10 s grace, heartbeats covering at most 3 s. */
class StatsTopologyTest {
    private static final long MINUTE = 60_000;
    private static final long GRACE = 10_000;

    /** Moves stream time to {@code at} with a request in a pool of its own (stream time moves with facts). */
    private static void advanceTo(TopologyHarness h, long at) {
        h.send(requested("clock", "tick-" + at, 1, at));
    }

    @Test
    void countsEachSessionOncePerOutcomeAndRejectionsAndEndsByReason() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(requested("default", "s1", 1, T + 1000), requested("default", "s2", 1, T + 1100),
                    requested("default", "s3", 1, T + 1200), requested("default", "s4", 1, T + 1300),
                    requested("default", "s1", 2, T + 1400), // the same session again, after a lost claim
                    assigned("default", "s1", 40, T + 1500), assigned("default", "s1", 90, T + 1600),
                    assigned("default", "s2", 20, T + 1700),
                    rejected("default", "s3", RejectReason.POOL_EXHAUSTED, T + 2000),
                    rejected("default", "s4", RejectReason.TIMEOUT, T + 2100),
                    ended("default", "s1", EndReason.CLIENT_END, "router", 5000, T + 7000),
                    ended("default", "s1", EndReason.CLIENT_END, "bot", 5001, T + 7001), // both parties report
                    ended("default", "s2", EndReason.IDLE, "bot", 9000, T + 9000),
                    requested("other", "o1", 1, T + 3000));
            advanceTo(h, T + MINUTE + GRACE);

            Map<String, PoolStats> byPool = byPool(h.stats());
            PoolStats stats = byPool.get("default");
            assertThat(stats.windowStart()).isEqualTo(T);
            assertThat(stats.windowEnd()).isEqualTo(T + MINUTE);
            assertThat(stats.sessions().requested()).isEqualTo(4);
            assertThat(stats.sessions().assigned()).isEqualTo(2);
            assertThat(stats.sessions().rejected()).isEqualTo(Map.of("pool_exhausted", 1L, "timeout", 1L));
            assertThat(stats.sessions().ended()).isEqualTo(Map.of("client_end", 1L, "idle", 1L));
            assertThat(stats.timeToAssignedMs()).isEqualTo(new Distribution(2, 20, 40, 40, 40));
            assertThat(stats.sessionDurationMs()).isEqualTo(new Distribution(2, 5000, 9000, 9000, 9000));
            assertThat(byPool.get("other").sessions().requested()).isEqualTo(1);
        }
    }

    @Test
    void aWindowIsPublishedOnceWhenItClosesAndWindowsTumble() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(requested("default", "a", 1, T + 10), requested("default", "b", 1, T + MINUTE - 1),
                    requested("default", "c", 1, T + MINUTE), requested("default", "d", 1, T + MINUTE + 5000));
            advanceTo(h, T + MINUTE + GRACE - 1);
            assertThat(h.stats()).as("still open for late events").isEmpty();

            advanceTo(h, T + MINUTE + GRACE);
            List<PoolStats> first = h.stats().stream().filter(s -> s.pool().equals("default")).toList();
            assertThat(first).singleElement().satisfies(s -> {
                assertThat(s.windowStart()).isEqualTo(T);
                assertThat(s.sessions().requested()).isEqualTo(2);
            });

            advanceTo(h, T + 2 * MINUTE + GRACE);
            assertThat(h.stats().stream().filter(s -> s.pool().equals("default")).toList()).singleElement()
                    .satisfies(s -> {
                        assertThat(s.windowStart()).isEqualTo(T + MINUTE);
                        assertThat(s.sessions().requested()).isEqualTo(2);
                    });
        }
    }

    @Test
    void aLateEventWithinTheGraceCountsInItsWindowAndOneBeyondItIsDropped() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(requested("default", "a", 1, T + 1000));
            advanceTo(h, T + MINUTE + 5000);
            h.send(requested("default", "late-but-in-grace", 1, T + 30_000));
            advanceTo(h, T + MINUTE + GRACE);
            h.send(requested("default", "too-late", 1, T + 40_000));
            h.send(requested("default", "next", 1, T + MINUTE + 20_000));
            advanceTo(h, T + 2 * MINUTE + GRACE);

            List<PoolStats> stats = h.stats().stream().filter(s -> s.pool().equals("default")).toList();
            assertThat(stats).extracting(PoolStats::windowStart).containsExactly(T, T + MINUTE);
            assertThat(stats.get(0).sessions().requested()).isEqualTo(2);
            assertThat(stats.get(1).sessions().requested()).isEqualTo(1);
        }
    }

    @Test
    void utilisationAndWarmCostComeFromHeartbeatsAndAGapCountsAtMostThreeSeconds() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(heartbeat("default", "b1", BotState.READY, 1, T),
                    heartbeat("default", "b1", BotState.READY, 2, T + 1000),
                    heartbeat("default", "b1", BotState.BUSY, 3, T + 2000),
                    heartbeat("default", "b1", BotState.BUSY, 4, T + 3000),
                    // silent for 7 s (a stall): only 3 s of it count
                    heartbeat("default", "b1", BotState.BUSY, 5, T + 10_000),
                    heartbeat("default", "b1", BotState.BUSY, 4, T + 10_500), // stale: ignored
                    heartbeat("default", "b1", BotState.READY, 6, T + 11_000),
                    heartbeat("default", "b1", BotState.EXITING, 7, T + 11_500));
            advanceTo(h, T + MINUTE + GRACE);

            PoolStats stats = byPool(h.stats()).get("default");
            assertThat(stats.bots().liveMs()).isEqualTo(1000 + 1000 + 1000 + 3000 + 1000 + 500);
            assertThat(stats.bots().busyMs()).isEqualTo(1000 + 3000 + 1000);
            assertThat(stats.bots().readyMs()).isEqualTo(1000 + 1000 + 500);
            assertThat(stats.bots().utilisation()).isEqualTo(5000.0 / 7500);
        }
    }

    @Test
    void botTimeAcrossAWindowBoundaryIsSplitBetweenTheWindows() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(heartbeat("default", "b1", BotState.BUSY, 1, T + MINUTE - 400),
                    heartbeat("default", "b1", BotState.BUSY, 2, T + MINUTE + 600));
            advanceTo(h, T + 2 * MINUTE + GRACE);

            List<PoolStats> stats = h.stats().stream().filter(s -> s.pool().equals("default")).toList();
            assertThat(stats).extracting(PoolStats::windowStart).containsExactly(T, T + MINUTE);
            assertThat(stats).extracting(s -> s.bots().busyMs()).containsExactly(400L, 600L);
        }
    }

    @Test
    void spawnsAskedFailedAndTimeFromDeficitToReady() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(deficit("default", "p1", 2, T + 1000),
                    heartbeat("default", "n1", "p1", BotState.STARTING, 1, T + 1500, null),
                    heartbeat("default", "n2", "p1", BotState.STARTING, 1, T + 1600, null),
                    heartbeat("default", "n1", "p1", BotState.READY, 2, T + 4100, T + 4000),
                    heartbeat("default", "n1", "p1", BotState.READY, 3, T + 5000, T + 4000), // READY again: once
                    heartbeat("default", "n2", "p1", BotState.READY, 2, T + 7000, T + 7000),
                    deficit("default", "p2", 1, T + 8000),
                    BotSpawnFailed.of("p2", "default", 1, "no image", T + 9000));
            advanceTo(h, T + MINUTE + GRACE);

            PoolStats stats = byPool(h.stats()).get("default");
            assertThat(stats.spawns().asked()).isEqualTo(3);
            assertThat(stats.spawns().failed()).isEqualTo(1);
            assertThat(stats.spawns().deficitToReadyMs()).isEqualTo(new Distribution(2, 3000, 6000, 6000, 6000));
        }
    }

    @Test
    void recordsThatDoNotDecodeAreCountedAndSkippedAndTheTopologyGoesOn() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.sendRaw(EventType.BOT_HEARTBEAT, "not a cloud event".getBytes(StandardCharsets.UTF_8),
                    new RecordHeaders(), T + 100);
            RecordHeaders wrongType = new RecordHeaders();
            new EventCodec(TopologyHarness.TOPICS, java.net.URI.create("/x"))
                    .encode(requested("default", "x", 1, T)).headers().forEach(wrongType::add);
            h.sendRaw(EventType.SESSION_ENDED, "{\"schemaVersion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8),
                    wrongType, T + 200);
            h.send(requested("default", "good", 1, T + 300));
            advanceTo(h, T + MINUTE + GRACE);

            assertThat(h.failures.count()).isEqualTo(2);
            assertThat(byPool(h.stats()).get("default").sessions().requested()).isEqualTo(1);
        }
    }

    @Test
    void theWindowLengthIsASetting() {
        try (TopologyHarness h = new TopologyHarness(new Windowing(Duration.ofSeconds(2), Duration.ZERO,
                Duration.ofSeconds(1)))) {
            h.send(requested("default", "a", 1, T + 100), requested("default", "b", 1, T + 2100));
            advanceTo(h, T + 4000);

            assertThat(h.stats().stream().filter(s -> s.pool().equals("default")))
                    .extracting(PoolStats::windowStart, PoolStats::windowEnd)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(T, T + 2000),
                            org.assertj.core.groups.Tuple.tuple(T + 2000, T + 4000));
        }
    }

    private static Map<String, PoolStats> byPool(List<PoolStats> stats) {
        return stats.stream().collect(java.util.stream.Collectors.toMap(PoolStats::pool, s -> s));
    }
}
