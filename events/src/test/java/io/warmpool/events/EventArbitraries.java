package io.warmpool.events;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid events of every type, for property tests here and in other modules. */
public final class EventArbitraries {
    private EventArbitraries() {
    }

    public static Arbitrary<String> ids() {
        Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('.', '_', ':', '-').ofMaxLength(40);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    static Arbitrary<Long> times() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L);
    }

    static Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(0, 100_000);
    }

    static Arbitrary<Endpoint> endpoints() {
        return Combinators.combine(Arbitraries.of("localhost", "10.1.2.3", "bot-7.warmpool.svc", "::1"),
                Arbitraries.integers().between(1, 65535)).as(Endpoint::new);
    }

    static Arbitrary<PoolSnapshot> snapshots() {
        return counts().list().ofSize(9).map(c -> new PoolSnapshot(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4),
                c.get(5), c.get(6), c.get(7), c.get(8)));
    }

    public static Arbitrary<WarmpoolEvent> events() {
        return Arbitraries.oneOf(List.of(
                sessionRequested(), botAssigned(), sessionRejected(), poolDeficit(), heartbeats(), sessionEnded(),
                spawnFailed(), poolStatus(), sessionWithdrawn(), routerHeartbeat(), claimFailed(), poolStats()));
    }

    static Arbitrary<WarmpoolEvent> sessionRequested() {
        return Combinators.combine(ids(), ids(), ids(), Arbitraries.integers().between(1, 50), times(),
                        Arbitraries.longs().between(0, 600_000), Arbitraries.of(SessionChannel.class))
                .as((s, p, r, a, t, d, c) -> SessionRequested.of(s, p, r, a, t, t + d, c));
    }

    static Arbitrary<WarmpoolEvent> botAssigned() {
        return Combinators.combine(ids(), Arbitraries.integers().between(1, 50), ids(), ids(), ids(), endpoints(),
                        times(), Arbitraries.longs().between(0, 600_000))
                .as(BotAssigned::of);
    }

    static Arbitrary<WarmpoolEvent> sessionRejected() {
        return Combinators.combine(ids(), Arbitraries.integers().between(1, 50), ids(), ids(),
                        Arbitraries.of(RejectReason.class), times())
                .as(SessionRejected::of);
    }

    static Arbitrary<WarmpoolEvent> poolDeficit() {
        return Combinators.combine(ids(), Arbitraries.integers().between(1, 1000), ids(), snapshots(), times())
                .as(PoolDeficit::of);
    }

    static Arbitrary<WarmpoolEvent> heartbeats() {
        return Combinators.combine(ids(), ids(), Arbitraries.of(BotState.class), endpoints(),
                        ids().injectNull(0.5), ids().injectNull(0.5), Arbitraries.longs().between(0, Long.MAX_VALUE),
                        times())
                .as((b, p, st, e, s, prov, seq, t) -> BotHeartbeat.of(b, p, st, e, s, prov, seq, t,
                        st == BotState.STARTING ? null : t, t))
                .flatMap(hb -> pods().injectNull(0.5).map(pod -> (WarmpoolEvent) hb.withPod(pod)));
    }

    static Arbitrary<PodRef> pods() {
        return Combinators.combine(ids(), ids()).as(PodRef::new);
    }

    static Arbitrary<WarmpoolEvent> sessionEnded() {
        return Combinators.combine(ids(), ids(), ids(), Arbitraries.of(EndReason.class),
                        Arbitraries.of("router", "bot", "allocator"), times(), counts(), times())
                .as(SessionEnded::of);
    }

    static Arbitrary<WarmpoolEvent> spawnFailed() {
        return Combinators.combine(ids(), ids(), Arbitraries.integers().between(1, 100),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(200).filter(s -> !s.isBlank()), times())
                .as(BotSpawnFailed::of);
    }

    static Arbitrary<WarmpoolEvent> poolStatus() {
        Arbitrary<BotView> bots = Combinators.combine(ids(), Arbitraries.of(BotView.STATES), ids().injectNull(0.5),
                times()).as(BotView::new);
        Arbitrary<LatencySummary> latency = Combinators.combine(times(), times(), times(), times())
                .as(LatencySummary::new);
        return Combinators.combine(ids(), ids(), snapshots(), bots.list().ofMaxSize(30), latency, times())
                .as(PoolStatus::of);
    }

    static Arbitrary<WarmpoolEvent> sessionWithdrawn() {
        return Combinators.combine(ids(), ids(), ids(), Arbitraries.of(EndReason.class), times())
                .as(SessionWithdrawn::of);
    }

    static Arbitrary<WarmpoolEvent> routerHeartbeat() {
        return Combinators.combine(ids(), ids(), counts(), Arbitraries.longs().between(1, 600_000), times())
                .as(RouterHeartbeat::of);
    }

    static Arbitrary<WarmpoolEvent> claimFailed() {
        return Combinators.combine(ids(), Arbitraries.integers().between(1, 50), ids(), ids(), ids(),
                        Arbitraries.of(0, 401, 409, 500, 503), times())
                .as(ClaimFailed::of);
    }

    static Arbitrary<WarmpoolEvent> poolStats() {
        Arbitrary<Long> n = Arbitraries.longs().between(0, 1_000_000);
        Arbitrary<SessionCounts> sessions = Combinators.combine(n, n,
                Arbitraries.maps(Arbitraries.of(RejectReason.class).map(RejectReason::wire), n).ofMaxSize(3),
                Arbitraries.maps(Arbitraries.of(EndReason.class).map(EndReason::wire), n).ofMaxSize(4))
                .as(SessionCounts::new);
        Arbitrary<BotTime> bots = Combinators.combine(n, n, n).as((idle, busy, ready) ->
                BotTime.of(idle + busy + ready, busy, ready));
        return Combinators.combine(ids(), times(), Arbitraries.longs().between(1, 3_600_000), sessions,
                        distributions(), distributions(), bots,
                        Combinators.combine(n, n, distributions()).as(SpawnCounts::new))
                .as((pool, start, length, s, queued, duration, b, spawns) ->
                        PoolStats.of(pool, start, start + length, s, queued, duration, b, spawns));
    }

    static Arbitrary<Distribution> distributions() {
        return Arbitraries.longs().between(0, 10_000_000).list().ofSize(5).map(v -> {
            List<Long> sorted = v.stream().sorted().toList();
            return new Distribution(sorted.get(0), sorted.get(1), sorted.get(2), sorted.get(3), sorted.get(4));
        });
    }
}
