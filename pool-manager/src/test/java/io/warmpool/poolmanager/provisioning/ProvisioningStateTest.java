package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.ProvisioningState.DeficitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provisioner's decisions with time passed in: deficit age, cap, parking, reap/stop/adopt. */
class ProvisioningStateTest {
    static final long T0 = 1_000_000;
    static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SILENCE = Duration.ofSeconds(10);
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(20);
    static final PoolPolicy REUSING = new PoolPolicy(3, 5, 10, 30_000, 5_000, 700, 3, 60_000, 1_000,
            AfterSession.REUSE);

    static ProvisioningState state(int maxConcurrent) {
        int[] n = {0};
        return new ProvisioningState(Map.of("p", REUSING), new BotSpecs(Map.of("WARMPOOL_CLAIM_KEY", "k",
                "WARMPOOL_BOT_REUSE", "false", "WARMPOOL_HEARTBEAT_MS", "1000")), () -> "b" + (++n[0]),
                SPAWN_TIMEOUT, SILENCE, maxConcurrent, BOOT_TIMEOUT, T0);
    }

    /** As the allocator asks: it knows {@code total} bots and waits for {@code pending}, this deficit's included. */
    static PoolDeficit deficit(String id, int missing, int total, int pending, long at) {
        return PoolDeficit.of("p", missing, id, new PoolSnapshot(total, 0, 0, 0, pending, 0, total, 3, 5), at);
    }

    static List<BotSpec> drain(ProvisioningState state) {
        return drain(state, T0);
    }

    static List<BotSpec> drain(ProvisioningState state, long now) {
        List<BotSpec> out = new ArrayList<>();
        for (Optional<BotSpec> s = state.nextSpawn(now); s.isPresent(); s = state.nextSpawn(now)) {
            out.add(s.get());
        }
        return out;
    }

    /** {@code n} bots asked for by deficit {@code id} at T0, spawned, running and heard from. */
    static List<BotSpec> runningBots(ProvisioningState state, String id, int n) {
        state.deficit(deficit(id, n, 0, n, T0), T0);
        List<BotSpec> specs = drain(state);
        specs.forEach(s -> {
            state.spawned(s, running(s, T0));
            state.heartbeat(s.botId(), BotState.STARTING, T0);
        });
        return specs;
    }

    static ManagedBot running(BotSpec spec, long at) {
        return new ManagedBot(spec.botId(), spec.pool(), spec.provisionId(), true, at);
    }

    @Test
    void aListingMadeBeforeASpawnDoesNotMakeRoomPastThePoolsMax() {
        ProvisioningState state = state(2);
        PoolDeficit first = deficit("d1", 5, 0, 5, T0);
        PoolDeficit second = deficit("d2", 5, 0, 10, T0);
        assertThat(state.deficit(first, T0)).isEqualTo(new DeficitOutcome.Queued(5, 0, 0, 5));
        assertThat(state.deficit(second, T0)).isEqualTo(new DeficitOutcome.Queued(0, 5, 0, 5));
        long listedAt = T0 + 1; // the listing the parked deficit asks for, made before the spawns below
        List<BotSpec> booting = drain(state, T0 + 2);
        assertThat(booting).hasSize(2);
        booting.forEach(s -> state.spawned(s, running(s, T0 + 2)));
        state.heartbeat(booting.get(0).botId(), BotState.STARTING, T0 + 1_500); // its boot is over

        state.listed(List.of(), listedAt, T0 + 1_600);

        // Every bot boots in turn: the pool ends at its max of five, all of them the first deficit's.
        List<BotSpec> all = new ArrayList<>(booting);
        long now = T0 + 1_600;
        for (List<BotSpec> next = drain(state, now); !next.isEmpty(); next = drain(state, now)) {
            for (BotSpec s : next) {
                state.spawned(s, running(s, now));
            }
            all.addAll(next);
            now += 1_000;
            for (BotSpec s : all) {
                state.heartbeat(s.botId(), BotState.STARTING, now);
            }
        }
        assertThat(all).hasSize(5).allSatisfy(s -> assertThat(s.provisionId()).isEqualTo("d1"));
        assertThat(state.parked()).isZero();
    }

    @Test
    void aDeficitIsSpawnedOnceWithThePoolsOwnSettingsInEachBotsEnvironment() {
        ProvisioningState state = state(4);

        assertThat(state.deficit(deficit("d1", 2, 0, 2, T0), T0)).isEqualTo(new DeficitOutcome.Queued(2, 0, 0, 2));
        assertThat(state.deficit(deficit("d1", 2, 0, 2, T0), T0 + 1)).isEqualTo(new DeficitOutcome.Duplicate());

        List<BotSpec> specs = drain(state);
        assertThat(specs).hasSize(2).allSatisfy(spec -> {
            assertThat(spec.botId()).startsWith("p-");
            assertThat(spec.env()).containsEntry("WARMPOOL_POOL", "p").containsEntry("WARMPOOL_PROVISION_ID", "d1")
                    .containsEntry("WARMPOOL_BOT_ID", spec.botId())
                    .containsEntry("WARMPOOL_BOT_REUSE", "true") // the pool's reuse=true beats the global false
                    .containsEntry("WARMPOOL_HEARTBEAT_MS", "700") // the interval the allocator's liveness counts on
                    .containsEntry("WARMPOOL_CLAIM_KEY", "k");
        });
    }

    @Test
    void aDeficitPastTheSpawnTimeoutOrForAnUnknownPoolSpawnsNothing() {
        ProvisioningState state = state(4);
        assertThat(state.deficit(deficit("old", 1, 0, 1, T0), T0 + SPAWN_TIMEOUT.toMillis() + 1))
                .isEqualTo(new DeficitOutcome.Stale(SPAWN_TIMEOUT.toMillis() + 1));
        PoolDeficit elsewhere = PoolDeficit.of("q", 1, "q1", new PoolSnapshot(0, 0, 0, 0, 1, 0, 0, 1, 5), T0);
        assertThat(state.deficit(elsewhere, T0)).isEqualTo(new DeficitOutcome.UnknownPool());
        assertThat(drain(state)).isEmpty();
    }

    @Test
    void aDeficitForABotKilledBeforeTheListingIsHeldBackNotLostAndSpawnedAfterIt() {
        ProvisioningState state = state(4);
        List<BotSpec> three = runningBots(state, "d1", 3);
        // One is SIGKILLed; the allocator, three heartbeats later, asks for a replacement.
        long later = T0 + 4_000;
        DeficitOutcome outcome = state.deficit(deficit("d2", 1, 2, 1, later), later);
        assertThat(outcome).isEqualTo(new DeficitOutcome.Queued(0, 1, 3, 3));
        assertThat(drain(state)).isEmpty();

        List<ManagedBot> listed = List.of(new ManagedBot(three.get(0).botId(), "p", "d1", false, T0),
                running(three.get(1), T0), running(three.get(2), T0));
        List<ReconcileAction> plan = state.listed(listed, later + 5, later + 10);

        assertThat(plan).containsExactly(new ReconcileAction.Reap(three.get(0).botId(), "exited"));
        assertThat(drain(state)).singleElement().satisfies(s -> assertThat(s.provisionId()).isEqualTo("d2"));
        assertThat(state.parked()).isZero();
    }

    @Test
    void aHeldBackDeficitIsOfferedOnceByTheFirstListingMadeAfterItThenDropped() {
        ProvisioningState state = state(4);
        List<BotSpec> two = runningBots(state, "d1", 2);
        List<ManagedBot> bothRun = two.stream().map(s -> running(s, T0)).toList();
        // A replayed deficit: the allocator's picture lags, the two bots it asks for already run.
        state.deficit(deficit("d2", 2, 0, 2, T0 + 10), T0 + 10);
        assertThat(state.parked()).isEqualTo(2);

        state.listed(bothRun, T0 + 5, T0 + 20); // listed before the deficit came: proves nothing
        assertThat(state.parked()).isEqualTo(2);
        state.listed(bothRun, T0 + 30, T0 + 40);

        assertThat(state.parked()).as("still no room: dropped").isZero();
        assertThat(drain(state)).isEmpty();
    }

    @Test
    void aHeldBackDeficitPastTheSpawnTimeoutIsDropped() {
        ProvisioningState state = state(4);
        BotSpec one = runningBots(state, "d1", 1).get(0);
        state.deficit(deficit("d2", 1, 0, 1, T0 + 1), T0 + 1);

        long late = T0 + 1 + SPAWN_TIMEOUT.toMillis();
        state.listed(List.of(new ManagedBot(one.botId(), "p", "d1", false, T0)), late, late);

        assertThat(state.parked()).isZero();
        assertThat(drain(state)).isEmpty();
    }

    @Test
    void anExitingBotIsCountedOutAtOnce() {
        ProvisioningState state = state(4);
        List<BotSpec> two = runningBots(state, "d1", 2);
        assertThat(state.running("p")).isEqualTo(2);

        state.heartbeat(two.get(0).botId(), BotState.EXITING, T0 + 5);

        assertThat(state.running("p")).isEqualTo(1);
    }

    @Test
    void aFailedSpawnGivesUpWhatIsQueuedAndHeldForItsProvisionId() {
        ProvisioningState state = state(1);
        state.deficit(deficit("d1", 3, 0, 3, T0), T0);
        BotSpec first = drain(state).get(0);

        assertThat(state.spawnFailed(first)).isEqualTo(3);
        assertThat(drain(state)).isEmpty();
    }

    @Test
    void aBootHoldsItsSlotFromTheSpawnUntilTheBotsFirstHeartbeat() {
        ProvisioningState state = state(1);
        state.deficit(deficit("d1", 3, 0, 3, T0), T0);
        BotSpec first = drain(state).get(0);
        assertThat(drain(state)).as("the spawn call is under way").isEmpty();

        state.spawned(first, running(first, T0));
        assertThat(drain(state)).as("the JVM boots: its slot is still held").isEmpty();
        assertThat(state.booting()).isEqualTo(1);

        assertThat(state.heartbeat(first.botId(), BotState.STARTING, T0 + 900)).as("the slot freed").isTrue();
        assertThat(drain(state, T0 + 900)).hasSize(1);
        assertThat(state.heartbeat(first.botId(), BotState.READY, T0 + 3_000)).as("freed once only").isFalse();
    }

    @Test
    void aBootThatTimesOutGivesItsSlotUp() {
        ProvisioningState state = state(1);
        state.deficit(deficit("d1", 2, 0, 2, T0), T0);
        BotSpec first = drain(state).get(0);
        state.spawned(first, running(first, T0 + 100));

        assertThat(drain(state, T0 + BOOT_TIMEOUT.toMillis() - 1)).isEmpty();
        assertThat(drain(state, T0 + BOOT_TIMEOUT.toMillis())).hasSize(1);
        assertThat(state.booting()).isZero();
    }

    @Test
    void aBotHeardBeforeItsSpawnCallReturnedOrRemovedWhileBootingHoldsNoSlot() {
        ProvisioningState state = state(1);
        state.deficit(deficit("d1", 3, 0, 3, T0), T0);
        BotSpec fast = drain(state).get(0);
        state.heartbeat(fast.botId(), BotState.STARTING, T0 + 5); // a spawn call slower than the bot
        state.spawned(fast, running(fast, T0));
        BotSpec dies = drain(state).get(0);
        state.spawned(dies, running(dies, T0));
        assertThat(drain(state)).isEmpty();

        state.removed(dies.botId()); // reaped: it exited before its first heartbeat

        assertThat(drain(state)).hasSize(1);
    }

    @Test
    void silenceStopsABotOnlyWhileOthersAreHeardAndAnEarlierRunsBotIsAdopted() {
        ProvisioningState state = state(4);
        ManagedBot quiet = new ManagedBot("p-quiet", "p", "old", true, T0 - 100_000);
        ManagedBot talker = new ManagedBot("p-talker", "p", "old", true, T0 - 100_000);
        state.found(List.of(quiet, talker));
        state.heartbeat("p-quiet", BotState.BUSY, T0);
        long t = T0;
        for (; t <= T0 + 30_000; t += 1_000) {
            state.statusRead(t); // the allocator's pool.status, read each second: the input flows
        }
        // The quiet bot fell silent 30 s ago; the talker, an earlier run's bot never heard, still has
        // the spawn timeout from this provisioner's start.
        List<ReconcileAction> plan = state.listed(List.of(quiet, talker), t, t);
        assertThat(plan).singleElement().isInstanceOf(ReconcileAction.Stop.class)
                .extracting(ReconcileAction::botId).isEqualTo("p-quiet");

        ProvisioningState stalled = state(4);
        stalled.found(List.of(quiet, talker));
        stalled.heartbeat("p-quiet", BotState.BUSY, T0);
        stalled.heartbeat("p-talker", BotState.READY, T0);
        // Nothing read for 30 s: a broker restart, or this process paused.
        List<ReconcileAction> afterStall = stalled.listed(List.of(quiet, talker), T0 + 30_000, T0 + 30_000);
        assertThat(afterStall).extracting(ReconcileAction::getClass).containsOnly(ReconcileAction.Adopt.class);
    }
}
