package io.warmpool.analytics.kafka;

import static io.warmpool.analytics.kafka.Events.T;
import static io.warmpool.analytics.kafka.Events.assigned;
import static io.warmpool.analytics.kafka.Events.ended;
import static io.warmpool.analytics.kafka.Events.heartbeat;
import static io.warmpool.analytics.kafka.Events.requested;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotState;
import io.warmpool.events.Distribution;
import io.warmpool.events.EndReason;
import io.warmpool.events.PoolStats;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The topology's figures against brute-force computations over generated sessions and heartbeat sequences. */
class StatsPropertiesTest {
    private static final long MAX_GAP = Windowing.DEFAULT.maxGap().toMillis();

    record Chat(long queuedMs, long durationMs) {
    }

    record Beat(BotState state, long gapBefore) {
    }

    @Provide
    Arbitrary<List<Chat>> chats() {
        return Combinators.combine(Arbitraries.longs().between(0, 5_000), Arbitraries.longs().between(0, 600_000))
                .as(Chat::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<Beat>> beats() {
        return Combinators.combine(Arbitraries.of(BotState.STARTING, BotState.READY, BotState.BUSY),
                        Arbitraries.longs().between(1, 8_000))
                .as(Beat::new).list().ofMinSize(2).ofMaxSize(60);
    }

    @Property(tries = 40)
    void percentilesMatchABruteForceNearestRank(@ForAll("chats") List<Chat> chats) {
        try (TopologyHarness h = new TopologyHarness()) {
            for (int i = 0; i < chats.size(); i++) {
                String session = "s" + i;
                h.send(requested("default", session, 1, T + i * 100L),
                        assigned("default", session, chats.get(i).queuedMs(), T + i * 100L + 10),
                        ended("default", session, EndReason.CLIENT_END, "router", chats.get(i).durationMs(),
                                T + i * 100L + 20));
            }
            h.send(requested("clock", "tick", 1, T + 70_000));

            PoolStats stats = h.stats().stream().filter(s -> s.pool().equals("default")).findFirst().orElseThrow();
            assertThat(stats.sessions().requested()).isEqualTo(chats.size());
            assertThat(stats.timeToAssignedMs()).isEqualTo(bruteForce(chats.stream().map(Chat::queuedMs).toList()));
            assertThat(stats.sessionDurationMs()).isEqualTo(bruteForce(chats.stream().map(Chat::durationMs).toList()));
        }
    }

    @Property(tries = 40)
    void botTimeSumsEachHeartbeatUntilTheNextCappedAtTheMaxGap(@ForAll("beats") List<Beat> beats) {
        try (TopologyHarness h = new TopologyHarness()) {
            long at = T;
            long live = 0;
            long busy = 0;
            long ready = 0;
            for (int i = 0; i < beats.size(); i++) {
                at += beats.get(i).gapBefore();
                h.send(heartbeat("default", "b1", beats.get(i).state(), i + 1, at));
                if (i + 1 < beats.size()) {
                    long span = Math.min(beats.get(i + 1).gapBefore(), MAX_GAP);
                    live += span;
                    busy += beats.get(i).state() == BotState.BUSY ? span : 0;
                    ready += beats.get(i).state() == BotState.READY ? span : 0;
                }
            }
            h.send(requested("clock", "tick", 1, at + 120_000));

            List<PoolStats> windows = h.stats().stream().filter(s -> s.pool().equals("default")).toList();
            assertThat(windows.stream().mapToLong(s -> s.bots().liveMs()).sum()).isEqualTo(live);
            assertThat(windows.stream().mapToLong(s -> s.bots().busyMs()).sum()).isEqualTo(busy);
            assertThat(windows.stream().mapToLong(s -> s.bots().readyMs()).sum()).isEqualTo(ready);
        }
    }

    /** pN is the smallest sample that at least N % of the samples do not exceed. */
    private static Distribution bruteForce(List<Long> samples) {
        return new Distribution(samples.size(), smallestCovering(samples, 50), smallestCovering(samples, 95),
                smallestCovering(samples, 99), samples.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private static long smallestCovering(List<Long> samples, int percent) {
        return samples.stream()
                .filter(v -> samples.stream().filter(x -> x <= v).count() * 100 >= (long) percent * samples.size())
                .mapToLong(Long::longValue).min().orElseThrow();
    }
}
