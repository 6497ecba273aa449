package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final long NOW = 100_000;
    private static final long BOOT = 10_000; // when this provisioner started
    private final Reconciler reconciler = new Reconciler(Duration.ofSeconds(30), Duration.ofSeconds(5));

    private static ManagedBot bot(String id, boolean running, long startedAt) {
        return new ManagedBot(id, "default", "prov-1", running, startedAt);
    }

    @Test
    void exitedBotsAreReaped() {
        assertThat(reconciler.plan(List.of(bot("a", false, 0)), Map.of(), Set.of("a"), Set.of(), BOOT, NOW))
                .containsExactly(new ReconcileAction.Reap("a", "exited"));
    }

    @Test
    void aBotNeverHeardWithinTheSpawnTimeoutIsStopped() {
        var plan = reconciler.plan(List.of(bot("young", true, NOW - 29_000), bot("old", true, NOW - 31_000)),
                Map.of(), Set.of("young", "old"), Set.of(), BOOT, NOW);

        assertThat(plan).extracting(ReconcileAction::botId).containsExactly("old");
        assertThat(plan.get(0)).isInstanceOf(ReconcileAction.Stop.class);
    }

    @Test
    void aBotThatFellSilentIsStopped() {
        var plan = reconciler.plan(List.of(bot("a", true, 0), bot("b", true, 0)),
                Map.of("a", NOW - 4_000, "b", NOW - 6_000), Set.of("a", "b"), Set.of(), BOOT, NOW);

        assertThat(plan).containsExactly(new ReconcileAction.Stop("b", "silent for 6000 ms"));
    }

    @Test
    void anEarlierRunsBotThatHeartbeatsIsAdoptedNotKilled() {
        var plan = reconciler.plan(List.of(bot("inherited", true, 0)), Map.of("inherited", NOW - 500), Set.of(),
                Set.of(), BOOT, NOW);

        assertThat(plan).containsExactly(new ReconcileAction.Adopt("inherited", "managed, alive and heartbeating"));
    }

    @Test
    void anEarlierRunsSilentBotGetsTheSpawnTimeoutFromOurStartBeforeItIsStopped() {
        long justRestarted = NOW - 1_000;
        assertThat(reconciler.plan(List.of(bot("inherited", true, 0)), Map.of(), Set.of(), Set.of(),
                justRestarted, NOW)).isEmpty();
        assertThat(reconciler.plan(List.of(bot("inherited", true, 0)), Map.of(), Set.of(), Set.of(),
                NOW - 31_000, NOW)).extracting(ReconcileAction::botId).containsExactly("inherited");
    }

    @Test
    void aBotBeingSpawnedIsLeftAlone() {
        assertThat(reconciler.plan(List.of(bot("new", false, 0)), Map.of(), Set.of(), Set.of("new"), BOOT, NOW))
                .isEmpty();
    }
}
