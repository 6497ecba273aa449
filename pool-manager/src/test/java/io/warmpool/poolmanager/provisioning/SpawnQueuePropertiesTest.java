package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A storm of duplicate and overlapping deficits never over-creates. */
class SpawnQueuePropertiesTest {

    record Deficit(String provisionId, int missing) {
    }

    @Provide
    Arbitrary<List<Deficit>> storms() {
        Arbitrary<Deficit> deficit = Combinators.combine(
                Arbitraries.integers().between(1, 6).map(i -> "prov-" + i), // few ids: many duplicates
                Arbitraries.integers().between(1, 10)).as(Deficit::new);
        return deficit.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 500)
    void aPoolNeverExceedsMaxBotsAndSpawnsStayWithinNeedPlusConcurrency(
            @ForAll("storms") List<Deficit> storm,
            @ForAll @IntRange(min = 1, max = 20) int maxBots,
            @ForAll @IntRange(min = 0, max = 20) int alreadyRunning,
            @ForAll @IntRange(min = 1, max = 4) int maxConcurrent,
            @ForAll @IntRange(min = 0, max = 3) int completionsPerDeficit) {
        int running0 = Math.min(alreadyRunning, maxBots);
        SpawnQueue queue = new SpawnQueue(maxConcurrent);
        ProvisionLedger ledger = new ProvisionLedger(100);
        AtomicInteger ids = new AtomicInteger();
        Set<String> spawned = new HashSet<>();
        int running = running0;

        for (Deficit d : storm) {
            if (ledger.firstTime(d.provisionId())) {
                queue.offer("p", d.provisionId(), d.missing(), running, maxBots,
                        () -> new BotSpec("b" + ids.incrementAndGet(), "p", d.provisionId(), Map.of()));
            }
            // Interleave: some spawns finish between deficits.
            for (int i = 0; i < completionsPerDeficit; i++) {
                Optional<BotSpec> next = queue.take(0);
                if (next.isEmpty()) {
                    break;
                }
                spawned.add(next.get().botId());
                queue.done(next.get().botId());
                running++;
            }
            assertThat(running + queue.count("p")).isLessThanOrEqualTo(maxBots);
            assertThat(queue.inFlight()).isLessThanOrEqualTo(maxConcurrent);
        }
        for (Optional<BotSpec> next = queue.take(0); next.isPresent(); next = queue.take(0)) {
            spawned.add(next.get().botId());
            queue.done(next.get().botId());
            running++;
        }

        int needed = maxBots - running0;
        assertThat(running).isLessThanOrEqualTo(maxBots);
        assertThat(spawned.size()).isLessThanOrEqualTo(needed + maxConcurrent);
    }

    @Property
    void aDeficitAskedAgainAfterARebalanceAddsNothingToWhatRuns(@ForAll @IntRange(min = 1, max = 10) int missing,
                                                               @ForAll @IntRange(min = 0, max = 10) int heard) {
        // The first allocator asked for `missing` bots; the provisioner runs them. A new owner, not yet
        // hearing them, asks again: total = heard, pending = its own fresh deficit.
        int maxBots = 20;
        SpawnQueue queue = new SpawnQueue(4);
        int running = heard + missing;
        var again = new io.warmpool.events.PoolSnapshot(heard, 0, 0, 0, missing, 0, heard, heard + missing, maxBots);

        List<BotSpec> queued = queue.offer("p", "prov-2", missing, running, SpawnQueue.limit(maxBots, again),
                () -> new BotSpec("b", "p", "prov-2", Map.of()));

        assertThat(queued).isEmpty();
    }

    @Property
    void aDuplicateProvisionIdIsHandledOnce(@ForAll @IntRange(min = 1, max = 50) int repeats) {
        ProvisionLedger ledger = new ProvisionLedger(10);
        int first = 0;
        for (int i = 0; i < repeats; i++) {
            if (ledger.firstTime("prov-1")) {
                first++;
            }
        }
        assertThat(first).isEqualTo(1);
    }
}
