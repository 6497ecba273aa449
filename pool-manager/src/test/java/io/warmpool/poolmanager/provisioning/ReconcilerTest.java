package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.poolmanager.liveness.Liveness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final long NOW = 100_000;
    private static final long BOOT = 10_000; // when this provisioner started
    private final Reconciler reconciler = new Reconciler(Duration.ofSeconds(30), Duration.ofSeconds(5));
    /** Other bots heard every 500 ms up to NOW: the input flows. */
    private final Liveness flowing = new Liveness(2_000);

    ReconcilerTest() {
        for (long t = 0; t <= NOW; t += 500) {
            flowing.input(t);
        }
    }

    private static ManagedBot bot(String id, boolean running, long startedAt) {
        return new ManagedBot(id, "default", "prov-1", running, startedAt);
    }

    @Test
    void exitedBotsAreReaped() {
        assertThat(reconciler.plan(List.of(bot("a", false, 0)), Map.of(), flowing, Set.of("a"), Set.of(), BOOT))
                .containsExactly(new ReconcileAction.Reap("a", "exited"));
    }

    @Test
    void aBotNeverHeardWithinTheSpawnTimeoutIsStopped() {
        var plan = reconciler.plan(List.of(bot("young", true, NOW - 29_000), bot("old", true, NOW - 31_000)),
                Map.of(), flowing, Set.of("young", "old"), Set.of(), BOOT);

        assertThat(plan).extracting(ReconcileAction::botId).containsExactly("old");
        assertThat(plan.get(0)).isInstanceOf(ReconcileAction.Stop.class);
    }

    @Test
    void aBotThatFellSilentIsStopped() {
        var plan = reconciler.plan(List.of(bot("a", true, 0), bot("b", true, 0)),
                Map.of("a", NOW - 4_000, "b", NOW - 6_000), flowing, Set.of("a", "b"), Set.of(), BOOT);

        assertThat(plan).containsExactly(new ReconcileAction.Stop("b", "silent for 6000 ms while other bots were heard"));
    }

    @Test
    void anEarlierRunsBotThatHeartbeatsIsAdoptedNotKilled() {
        var plan = reconciler.plan(List.of(bot("inherited", true, 0)), Map.of("inherited", NOW - 500), flowing,
                Set.of(), Set.of(), BOOT);

        assertThat(plan).containsExactly(new ReconcileAction.Adopt("inherited", "managed, alive and heartbeating"));
    }

    @Test
    void anEarlierRunsSilentBotGetsTheSpawnTimeoutFromOurStartBeforeItIsStopped() {
        long justRestarted = NOW - 1_000;
        assertThat(reconciler.plan(List.of(bot("inherited", true, 0)), Map.of(), flowing, Set.of(), Set.of(),
                justRestarted)).isEmpty();
        assertThat(reconciler.plan(List.of(bot("inherited", true, 0)), Map.of(), flowing, Set.of(), Set.of(),
                NOW - 31_000)).extracting(ReconcileAction::botId).containsExactly("inherited");
    }

    @Test
    void aStallOfTheWholeInputStopsNoBotHoweverLong() {
        Liveness stalled = new Liveness(2_000);
        stalled.input(NOW - 60_000); // the last record read, a minute ago: the broker restarted since
        var plan = reconciler.plan(List.of(bot("busy", true, 0), bot("new", true, NOW - 59_000)),
                Map.of("busy", NOW - 61_000), stalled, Set.of("busy", "new"), Set.of(), BOOT);

        assertThat(plan).isEmpty();
    }

    @Test
    void aBotBeingSpawnedIsLeftAlone() {
        assertThat(reconciler.plan(List.of(bot("new", false, 0)), Map.of(), flowing, Set.of(), Set.of("new"), BOOT))
                .isEmpty();
    }
}
