package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The provisioning state against a runtime where bots die at any moment (SIGKILL), spawns finish
 * or fail in any order, listings come late, deficits repeat and overlap, time jumps: bots that run
 * or are being spawned never exceed {@code maxBots}, no provisionId gets more bots than it asked
 * for, and a deficit held back by a stale count is spawned by the next listing that shows room.
 */
class ProvisioningStatePropertiesTest {
    private static final long T0 = 1_000_000;
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(60);

    enum Kind { DEFICIT, REPEAT, SPAWNED, FAILED, DIE, LIST, HEARTBEAT, ADVANCE }

    record Op(Kind kind, int pick, int amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 6)).as(Op::new).list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void neverOverCreatesAndParkedDeficitsAreServedOnceThereIsRoom(@ForAll("ops") List<Op> ops,
                                                                    @ForAll @IntRange(min = 1, max = 8) int maxBots,
                                                                    @ForAll @IntRange(min = 1, max = 3) int slots) {
        PoolPolicy policy = new PoolPolicy(0, maxBots, 10, 30_000, 5_000, 1_000, 3, 60_000, 1_000,
                AfterSession.RETIRE);
        int[] ids = {0};
        ProvisioningState state = new ProvisioningState(Map.of("p", policy), new BotSpecs(Map.of()),
                () -> "b" + (++ids[0]), SPAWN_TIMEOUT, Duration.ofSeconds(10), slots, Duration.ofSeconds(20), T0);
        Map<String, Boolean> runtime = new LinkedHashMap<>(); // botId -> running
        List<BotSpec> inFlight = new ArrayList<>();
        Map<String, Integer> asked = new HashMap<>();
        Map<String, Integer> given = new HashMap<>();
        List<PoolDeficit> sent = new ArrayList<>();
        long now = T0;
        for (Op op : ops) {
            switch (op.kind()) {
                case DEFICIT -> {
                    // The allocator knows the bots that run (it may lag one behind) and asks for what it misses.
                    int live = (int) runtime.values().stream().filter(r -> r).count();
                    int known = Math.max(0, live - op.pick() % 2);
                    int missing = Math.min(op.amount(), maxBots - known);
                    if (missing > 0) {
                        PoolDeficit d = PoolDeficit.of("p", missing, "d" + sent.size(),
                                new PoolSnapshot(known, 0, 0, 0, missing, 0, known, missing, maxBots), now);
                        sent.add(d);
                        asked.put(d.provisionId(), missing);
                        state.deficit(d, now);
                    }
                }
                case REPEAT -> {
                    if (!sent.isEmpty()) {
                        state.deficit(sent.get(op.pick() % sent.size()), now);
                    }
                }
                case SPAWNED, FAILED -> {
                    if (!inFlight.isEmpty()) {
                        BotSpec spec = inFlight.remove(op.pick() % inFlight.size());
                        if (op.kind() == Kind.SPAWNED) {
                            runtime.put(spec.botId(), true);
                            state.spawned(spec, new ManagedBot(spec.botId(), "p", spec.provisionId(), true, now));
                        } else {
                            state.spawnFailed(spec);
                        }
                    }
                }
                case DIE -> runtime.entrySet().stream().filter(Map.Entry::getValue).skip(op.pick() % 4).findFirst()
                        .ifPresent(e -> e.setValue(false));
                case LIST -> {
                    List<ManagedBot> listed = runtime.entrySet().stream()
                            .map(e -> new ManagedBot(e.getKey(), "p", "x", e.getValue(), T0)).toList();
                    for (ReconcileAction action : state.listed(listed, now, now)) {
                        if (!(action instanceof ReconcileAction.Adopt)) {
                            runtime.remove(action.botId());
                            state.removed(action.botId());
                        }
                    }
                }
                case HEARTBEAT -> runtime.forEach((id, running) -> {
                    if (running) {
                        state.heartbeat(id, BotState.READY, T0);
                    }
                });
                case ADVANCE -> now += op.amount() * 15_000L;
            }
            for (Optional<BotSpec> next = state.nextSpawn(now); next.isPresent(); next = state.nextSpawn(now)) {
                inFlight.add(next.get());
                given.merge(next.get().provisionId(), 1, Integer::sum);
            }
            long running = runtime.values().stream().filter(r -> r).count();
            assertThat(running + inFlight.size()).as("running and spawning bots within max").isLessThanOrEqualTo(maxBots);
            assertThat(inFlight.size()).as("spawns side by side").isLessThanOrEqualTo(slots);
            given.forEach((id, n) -> assertThat(n).as("bots given to %s", id).isLessThanOrEqualTo(asked.get(id)));
        }
        // Every bot dies before the next listing; a fresh deficit for a full pool is held back by the
        // stale count, then the listing that shows the room lets the pool fill up, and no further.
        inFlight.forEach(state::spawnFailed);
        runtime.replaceAll((id, running) -> false);
        state.deficit(PoolDeficit.of("p", maxBots, "last", new PoolSnapshot(0, 0, 0, 0, maxBots, 0, 0, maxBots,
                maxBots), now), now);
        state.listed(runtime.keySet().stream().map(id -> new ManagedBot(id, "p", "x", false, T0)).toList(), now,
                now);
        int filled = 0;
        for (Optional<BotSpec> next = state.nextSpawn(now); next.isPresent(); next = state.nextSpawn(now)) {
            filled++;
            state.spawned(next.get(), new ManagedBot(next.get().botId(), "p", "x", true, now));
            state.heartbeat(next.get().botId(), BotState.STARTING, now); // booted: the next may start
        }
        assertThat(filled).as("bots spawned once the listing showed room").isEqualTo(maxBots);
    }
}
