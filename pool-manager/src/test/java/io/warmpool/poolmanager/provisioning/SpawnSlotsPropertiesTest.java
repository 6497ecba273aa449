package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The spawn limit bounds boots (spawn call to first heartbeat), against a world where spawn calls
 * return or fail in any order, bots heartbeat early, late or never, and time jumps: never more
 * boots at once than the limit, and every bot asked for is started in the end, whether the boots
 * before it were heard from or timed out.
 */
class SpawnSlotsPropertiesTest {
    private static final long T0 = 1_000_000;
    private static final long BOOT_TIMEOUT_MS = 20_000;
    private static final int MAX_BOTS = 1_000;

    enum Kind { DEFICIT, SPAWNED, FAILED, HEARD, ADVANCE }

    record Op(Kind kind, int pick, int amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 5)).as(Op::new).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void neverMoreBootsThanTheLimitAndEveryBotAskedForStarts(@ForAll("ops") List<Op> ops,
                                                            @ForAll @IntRange(min = 1, max = 4) int limit) {
        PoolPolicy policy = new PoolPolicy(0, MAX_BOTS, 10, 30_000, 5_000, 1_000, 3, 60_000, 1_000,
                AfterSession.RETIRE);
        int[] ids = {0};
        ProvisioningState state = new ProvisioningState(Map.of("p", policy), new BotSpecs(Map.of()),
                () -> "b" + (++ids[0]), Duration.ofSeconds(60), Duration.ofSeconds(10), limit,
                Duration.ofMillis(BOOT_TIMEOUT_MS), T0);
        List<BotSpec> calls = new ArrayList<>(); // spawn calls under way
        Map<String, Long> booting = new LinkedHashMap<>(); // spawned, not heard: when its slot was taken
        Map<String, Long> takenAt = new LinkedHashMap<>();
        Set<String> started = new HashSet<>();
        int asked = 0;
        int failed = 0;
        long now = T0;
        for (Op op : ops) {
            switch (op.kind()) {
                case DEFICIT -> {
                    // The allocator waits for many bots: the pool's cap never holds this deficit back.
                    state.deficit(PoolDeficit.of("p", op.amount(), "d" + op.pick() + "-" + asked,
                            new PoolSnapshot(0, 0, 0, 0, MAX_BOTS, 0, 0, MAX_BOTS, MAX_BOTS), now), now);
                    asked += op.amount();
                }
                case SPAWNED, FAILED -> {
                    if (!calls.isEmpty()) {
                        BotSpec spec = calls.remove(op.pick() % calls.size());
                        if (op.kind() == Kind.SPAWNED) {
                            state.spawned(spec, new ManagedBot(spec.botId(), "p", spec.provisionId(), true, now));
                            booting.put(spec.botId(), takenAt.get(spec.botId()));
                        } else {
                            failed += state.spawnFailed(spec) - 1; // the rest of its deficit is given up
                        }
                    }
                }
                case HEARD -> booting.keySet().stream().skip(op.pick() % Math.max(1, booting.size())).findFirst()
                        .ifPresent(id -> {
                            assertThat(state.heartbeat(id, BotState.STARTING, at(booting, id)))
                                    .as("%s's first heartbeat frees its slot", id).isTrue();
                            booting.remove(id);
                        });
                case ADVANCE -> now += op.amount() * 7_000L;
            }
            long at = now;
            booting.values().removeIf(taken -> at - taken >= BOOT_TIMEOUT_MS); // timed out: no longer a boot
            for (Optional<BotSpec> next = state.nextSpawn(now); next.isPresent(); next = state.nextSpawn(now)) {
                calls.add(next.get());
                takenAt.put(next.get().botId(), now);
                assertThat(started.add(next.get().botId())).as("started once").isTrue();
            }
            assertThat(calls.size() + booting.size()).as("boots at once").isLessThanOrEqualTo(limit);
            assertThat(state.spawnsInFlight()).isEqualTo(calls.size() + booting.size());
        }
        // From now on every spawn call returns and every boot ends, by a heartbeat or by its timeout.
        for (int round = 0; round < asked + 1 && (started.size() + failed < asked || !calls.isEmpty()); round++) {
            for (BotSpec spec : List.copyOf(calls)) {
                state.spawned(spec, new ManagedBot(spec.botId(), "p", spec.provisionId(), true, now));
                if (round % 2 == 0) {
                    state.heartbeat(spec.botId(), BotState.STARTING, now);
                }
            }
            calls.clear();
            now += round % 2 == 0 ? 1 : BOOT_TIMEOUT_MS;
            for (Optional<BotSpec> next = state.nextSpawn(now); next.isPresent(); next = state.nextSpawn(now)) {
                calls.add(next.get());
                started.add(next.get().botId());
            }
        }
        assertThat(started.size() + failed).as("bots started, or given up with a failed spawn").isEqualTo(asked);
    }

    private static long at(Map<String, Long> booting, String id) {
        return booting.get(id) + 1;
    }
}
