package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.PoolSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The spawn queue against a plain model of a provisioner (a list of waiting bots, a list of bots
 * being spawned, a count of bots running per pool) over any interleaving of deficits, spawn slots,
 * finished and failed spawns, bots stopping and dropped provisions: it never lets a pool exceed
 * {@code maxBots}, never spawns more than {@code maxConcurrent} at once, hands bots out first come
 * first served, and queues everything a deficit asks for that fits.
 */
class SpawnQueuePropertiesTest {
    private static final List<String> POOLS = List.of("a", "b");

    enum Kind { OFFER, TAKE, DONE, FAIL, STOP, DROP }

    record Op(Kind kind, int pick, int amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(1, 10)).as(Op::new).list().ofMaxSize(60);
    }

    /** What a provisioner knows: bots running per pool, and the bots it waits to spawn or is spawning. */
    static final class Model {
        final Map<String, Integer> running = new HashMap<>();
        final List<BotSpec> waiting = new ArrayList<>();
        final List<BotSpec> spawning = new ArrayList<>();

        int bots(String pool) {
            return running.getOrDefault(pool, 0) + (int) waiting.stream().filter(s -> s.pool().equals(pool)).count()
                    + (int) spawning.stream().filter(s -> s.pool().equals(pool)).count();
        }
    }

    @Property(tries = 1_000)
    void behavesLikeTheModelAndNeverExceedsMaxOrConcurrency(@ForAll("ops") List<Op> ops,
                                                           @ForAll @IntRange(min = 1, max = 12) int maxBots,
                                                           @ForAll @IntRange(min = 1, max = 4) int maxConcurrent) {
        SpawnQueue queue = new SpawnQueue(maxConcurrent);
        Model model = new Model();
        int[] ids = {0};
        for (Op op : ops) {
            String pool = POOLS.get(op.pick() % POOLS.size());
            switch (op.kind()) {
                case OFFER -> {
                    String provisionId = "prov-" + (op.pick() % 4);
                    int before = model.bots(pool);
                    List<BotSpec> queued = queue.offer(pool, provisionId, op.amount(), model.running.getOrDefault(pool, 0),
                            maxBots, () -> new BotSpec("bot-" + (++ids[0]), pool, provisionId, Map.of()));
                    // Everything asked for that fits under max, and nothing more.
                    assertThat(queued).as("queued for %d missing with %d of %d", op.amount(), before, maxBots)
                            .hasSize(Math.max(0, Math.min(op.amount(), maxBots - before)));
                    model.waiting.addAll(queued);
                }
                case TAKE -> {
                    Optional<BotSpec> next = queue.take(0);
                    if (model.spawning.size() < maxConcurrent && !model.waiting.isEmpty()) {
                        BotSpec oldest = model.waiting.remove(0);
                        assertThat(next).as("first come, first served").contains(oldest);
                        model.spawning.add(oldest);
                    } else {
                        assertThat(next).as("no free slot (%d spawning) or nothing waiting", model.spawning.size())
                                .isEmpty();
                    }
                }
                case DONE, FAIL -> {
                    if (!model.spawning.isEmpty()) {
                        BotSpec spec = model.spawning.remove(op.pick() % model.spawning.size());
                        queue.done(spec.botId());
                        if (op.kind() == Kind.DONE) {
                            model.running.merge(spec.pool(), 1, Integer::sum);
                        }
                        assertThat(queue.isInFlight(spec.botId())).isFalse();
                    }
                }
                case STOP -> model.running.computeIfPresent(pool, (p, n) -> n > 0 ? n - 1 : null);
                case DROP -> {
                    String provisionId = "prov-" + (op.pick() % 4);
                    List<BotSpec> expected = model.waiting.stream().filter(s -> s.provisionId().equals(provisionId))
                            .toList();
                    assertThat(queue.dropQueued(provisionId)).containsExactlyElementsOf(expected);
                    model.waiting.removeAll(expected);
                }
            }
            for (String p : POOLS) {
                assertThat(model.bots(p)).as("bots of pool %s running, waiting or spawning", p)
                        .isLessThanOrEqualTo(maxBots);
                assertThat(queue.count(p)).isEqualTo(model.bots(p) - model.running.getOrDefault(p, 0));
            }
            assertThat(queue.slotsTaken()).isEqualTo(model.spawning.size()).isLessThanOrEqualTo(maxConcurrent);
            assertThat(queue.waiting()).isEqualTo(model.waiting.size());
        }
    }

    /**
     * A rebalance: the first allocator asked for bots up to {@code firstTarget}; the provisioner has
     * spawned some, the rest wait. A new owner that hears only some of the running bots asks for its
     * own target. The pool ends at the larger of the two targets (within max): a deficit asked again
     * adds nothing, a larger one adds only the difference.
     */
    @Property(tries = 1_000)
    void aPoolGrowsToTheLargestTargetAskedAndNoFurther(@ForAll @IntRange(min = 0, max = 10) int heard,
                                                       @ForAll @IntRange(min = 1, max = 10) int missing,
                                                       @ForAll @IntRange(min = 0, max = 10) int spawnedSoFar,
                                                       @ForAll @IntRange(min = 0, max = 20) int secondHears,
                                                       @ForAll @IntRange(min = 0, max = 20) int secondTarget,
                                                       @ForAll @IntRange(min = 1, max = 20) int maxBots) {
        SpawnQueue queue = new SpawnQueue(2);
        int[] ids = {0};
        int firstTarget = heard + missing;
        int running = Math.min(heard, maxBots);
        queue.offer("p", "prov-1", missing, running, SpawnQueue.limit(maxBots,
                snapshot(running, missing, maxBots)), () -> new BotSpec("b" + (++ids[0]), "p", "prov-1", Map.of()));
        for (int i = 0; i < spawnedSoFar; i++) {
            Optional<BotSpec> next = queue.take(0);
            if (next.isEmpty()) {
                break;
            }
            queue.done(next.get().botId());
            running++;
        }
        assertThat(running + queue.count("p")).as("after the first deficit").isEqualTo(Math.min(maxBots, firstTarget));

        int hears = Math.min(secondHears, running); // heartbeats of the others not read yet
        int asks = Math.max(0, secondTarget - hears);
        queue.offer("p", "prov-2", asks, running, SpawnQueue.limit(maxBots, snapshot(hears, asks, maxBots)),
                () -> new BotSpec("b" + (++ids[0]), "p", "prov-2", Map.of()));

        assertThat(running + queue.count("p")).as("bots of the pool after the new owner's deficit")
                .isEqualTo(Math.min(maxBots, Math.max(firstTarget, Math.max(hears, secondTarget))));
    }

    private static PoolSnapshot snapshot(int total, int pending, int maxBots) {
        return new PoolSnapshot(total, 0, 0, 0, pending, 0, total, total, maxBots);
    }

    @Property
    void eachProvisionIdIsHandledOnceWithinTheLedgersMemory(
            @ForAll("provisionIds") List<String> arriving, @ForAll @IntRange(min = 1, max = 8) int capacity) {
        ProvisionLedger ledger = new ProvisionLedger(capacity);
        List<String> remembered = new ArrayList<>(); // first arrivals, oldest first, at most `capacity`
        for (String id : arriving) {
            boolean expected = !remembered.contains(id);
            assertThat(ledger.firstTime(id)).as("%s first time, remembering %s", id, remembered).isEqualTo(expected);
            if (expected) {
                remembered.add(id);
                if (remembered.size() > capacity) {
                    remembered.remove(0);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<String>> provisionIds() {
        return Arbitraries.integers().between(1, 10).map(i -> "prov-" + i).list().ofMaxSize(50);
    }
}
