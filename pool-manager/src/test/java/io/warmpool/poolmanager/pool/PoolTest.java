package io.warmpool.poolmanager.pool;

import static io.warmpool.poolmanager.pool.Fixtures.POOL;
import static io.warmpool.poolmanager.pool.Fixtures.hb;
import static io.warmpool.poolmanager.pool.Fixtures.ids;
import static io.warmpool.poolmanager.pool.Fixtures.only;
import static io.warmpool.poolmanager.pool.Fixtures.policy;
import static io.warmpool.poolmanager.pool.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import org.junit.jupiter.api.Test;

/** Each policy of the pool state machine, with time passed in by hand. */
class PoolTest {
    private static final long T0 = 1_000_000;

    /** A pool rebuilt at T0 whose grace is over, holding {@code readyBots} confirmed READY bots b1..bn. */
    private static Pool poolWithReady(PoolPolicy policy, int readyBots) {
        Pool pool = reading(policy);
        for (int i = 1; i <= readyBots; i++) {
            pool.heartbeat(hb("b" + i, BotState.READY, 1, T0 + i), T0 + i);
        }
        return pool;
    }

    /** Past the rebuild grace, counted again from the first record read (at T0 + 1 at the latest). */
    private static long afterGrace(PoolPolicy policy) {
        return T0 + 1 + policy.rebuildGraceMs();
    }

    /** A pool rebuilt at T0 that reads its own pool.status back from T0 + 1: its input flows. */
    private static Pool reading(PoolPolicy policy) {
        Pool pool = new Pool(POOL, policy, T0, ids());
        pool.inputRead(T0 + 1);
        return pool;
    }

    @Test
    void handsOutTheBotReadyMostRecentlyThenAsksForAReplacement() {
        PoolPolicy policy = policy(3, 10);
        Pool pool = poolWithReady(policy, 3);
        long now = afterGrace(policy);
        SessionRequested r = SessionRequested.of("s1", POOL, "router-7", 2, now - 40, now + 10_000);

        Effects fx = pool.request(r, now);

        assertThat(fx.events()).hasSize(2);
        BotAssigned assigned = (BotAssigned) fx.events().get(0);
        assertThat(assigned.botId()).isEqualTo("b3");
        assertThat(assigned.routerId()).isEqualTo("router-7");
        assertThat(assigned.attempt()).isEqualTo(2);
        assertThat(assigned.queuedMs()).isEqualTo(40);
        PoolDeficit deficit = (PoolDeficit) fx.events().get(1);
        assertThat(deficit.missing()).isEqualTo(1);
        assertThat(deficit.snapshot().ready()).isEqualTo(2);
        assertThat(deficit.snapshot().pending()).isEqualTo(1);
        assertThat(pool.bot("b3").orElseThrow().status()).isEqualTo(BotStatus.ASSIGNED);
    }

    @Test
    void queuesWhenNoBotIsReadyAndServesFirstComeFirstServed() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        for (int i = 1; i <= 3; i++) {
            assertThat(only(pool.request(request("s" + i, now, now + 10_000), now), BotAssigned.class)).isEmpty();
        }
        assertThat(pool.snapshot().queued()).isEqualTo(3);

        Effects first = pool.heartbeat(hb("b1", BotState.READY, 1, now + 5), now + 5);
        Effects second = pool.heartbeat(hb("b2", BotState.READY, 1, now + 6), now + 6);

        assertThat(only(first, BotAssigned.class)).extracting(BotAssigned::sessionId).containsExactly("s1");
        assertThat(only(second, BotAssigned.class)).extracting(BotAssigned::sessionId).containsExactly("s2");
        assertThat(pool.isQueued(new RequestKey("s3", 1))).isTrue();
    }

    @Test
    void answersARequestSeenTwiceOnce() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = poolWithReady(policy, 2);
        long now = afterGrace(policy);
        SessionRequested r = request("s1", now, now + 10_000);

        assertThat(only(pool.request(r, now), BotAssigned.class)).hasSize(1);
        assertThat(pool.request(r, now + 1).events()).isEmpty();
        assertThat(pool.snapshot().ready()).isEqualTo(1);
    }

    @Test
    void rejectsALateRequestOnTickAndNeverAssignsIt() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 500), now);

        assertThat(pool.tick(now + 499).events()).isEmpty();
        Effects atDeadline = pool.tick(now + 500);
        Effects botLater = pool.heartbeat(hb("b1", BotState.READY, 1, now + 600), now + 600);

        assertThat(only(atDeadline, SessionRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.TIMEOUT));
        assertThat(only(botLater, BotAssigned.class)).isEmpty();
    }

    @Test
    void saysThePoolIsExhaustedWhenEveryBotItMayHaveIsServingAtTheDeadline() {
        PoolPolicy policy = policy(0, 2);
        Pool pool = poolWithReady(policy, 2);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 10_000), now);
        pool.request(request("s2", now, now + 10_000), now);
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, now + 10), now + 10);
        pool.request(request("s3", now + 20, now + 500), now + 20);

        Effects atDeadline = pool.tick(now + 500);

        assertThat(only(atDeadline, SessionRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.POOL_EXHAUSTED));
    }

    @Test
    void capsTheWaitAtThePoolsDeadline() {
        PoolPolicy policy = new PoolPolicy(0, 10, 10, 2_000, 5_000, 1_000, 3, 20_000, 1_000, AfterSession.RETIRE);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 60_000), now);

        assertThat(pool.tick(now + 1_999).events()).isEmpty();
        assertThat(only(pool.tick(now + 2_000), SessionRejected.class)).hasSize(1);
    }

    @Test
    void rejectsBeyondTheQueueCapacityAsOverloaded() {
        PoolPolicy policy = new PoolPolicy(0, 10, 2, 30_000, 5_000, 1_000, 3, 20_000, 1_000, AfterSession.RETIRE);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 10_000), now);
        pool.request(request("s2", now, now + 10_000), now);

        Effects third = pool.request(request("s3", now, now + 10_000), now);

        assertThat(only(third, SessionRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.OVERLOADED));
        assertThat(pool.snapshot().queued()).isEqualTo(2);
    }

    @Test
    void returnsAnUnclaimedBotToReadyAfterTheClaimTimeout() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = poolWithReady(policy, 1);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 60_000), now);
        long seq = 2;
        for (long t = now; t < now + policy.claimTimeoutMs(); t += 500) {
            pool.heartbeat(hb("b1", BotState.READY, seq++, t), t); // still READY: the claim has not happened
            pool.tick(t);
            assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.ASSIGNED);
        }
        pool.heartbeat(hb("b1", BotState.READY, seq, now + policy.claimTimeoutMs()), now + policy.claimTimeoutMs());
        pool.tick(now + policy.claimTimeoutMs());
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.READY);
    }

    @Test
    void aBusyHeartbeatConfirmsTheClaim() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = poolWithReady(policy, 1);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 60_000), now);
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, now + 10), now + 10);
        for (long t = now; t <= now + 2 * policy.claimTimeoutMs(); t += 500) {
            pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 3 + t, t), t);
            pool.tick(t);
        }
        Bot bot = pool.bot("b1").orElseThrow();
        assertThat(bot.status()).isEqualTo(BotStatus.BUSY);
        assertThat(bot.sessionId()).isEqualTo("s1");
    }

    @Test
    void ignoresAHeartbeatOlderThanTheLastOne() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = reading(policy);
        pool.heartbeat(hb("b1", BotState.BUSY, "s9", null, 5, T0 + 1), T0 + 1);

        pool.heartbeat(hb("b1", BotState.READY, 4, T0 + 2), T0 + 2);

        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.BUSY);
    }

    @Test
    void removesAnExitingBot() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = poolWithReady(policy, 1);
        pool.heartbeat(hb("b1", BotState.EXITING, 2, T0 + 10), T0 + 10);
        assertThat(pool.bot("b1")).isEmpty();
        assertThat(pool.snapshot().total()).isZero();
    }

    @Test
    void retiresABotAfterItsSession() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = poolWithReady(policy, 1);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 60_000), now);
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, now), now);

        pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_END, "router", 100, 3, now + 100),
                now + 100);
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.EXITING);
        // a BUSY heartbeat sent before the bot noticed changes nothing
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 3, now + 101), now + 101);
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.EXITING);
        assertThat(only(pool.request(request("s2", now + 102, now + 60_000), now + 102), BotAssigned.class))
                .isEmpty();
        pool.heartbeat(hb("b1", BotState.EXITING, 4, now + 103), now + 103);
        assertThat(pool.bot("b1")).isEmpty();
    }

    @Test
    void reusesABotOnceItReportsReadyAgain() {
        PoolPolicy policy = new PoolPolicy(0, 10, 10, 30_000, 5_000, 1_000, 3, 20_000, 1_000, AfterSession.REUSE);
        Pool pool = poolWithReady(policy, 1);
        long now = afterGrace(policy);
        pool.request(request("s1", now, now + 60_000), now);
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, now), now);
        pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_END, "router", 100, 3, now + 100),
                now + 100);
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.BUSY);
        assertThat(only(pool.request(request("s2", now + 101, now + 60_000), now + 101), BotAssigned.class))
                .isEmpty();

        Effects ready = pool.heartbeat(hb("b1", BotState.READY, 3, now + 200), now + 200);

        assertThat(only(ready, BotAssigned.class)).singleElement()
                .satisfies(a -> assertThat(a.sessionId()).isEqualTo("s2"));
    }

    @Test
    void aReusePoolReplacesABotOnlyWhenItsSessionOutlastsAHeartbeatInterval() {
        PoolPolicy policy = new PoolPolicy(2, 10, 10, 30_000, 5_000, 1_000, 3, 20_000, 1_000, AfterSession.REUSE);
        Pool pool = poolWithReady(policy, 2);
        long now = afterGrace(policy);

        // A short session: the bot is out and back within the interval, and nobody is asked for.
        Effects first = pool.request(request("s1", now, now + 60_000), now);
        assertThat(only(first, BotAssigned.class)).extracting(BotAssigned::botId).containsExactly("b2");
        assertThat(only(first, PoolDeficit.class)).isEmpty();
        assertThat(only(pool.heartbeat(hb("b2", BotState.BUSY, "s1", null, 2, now + 10), now + 10), PoolDeficit.class))
                .isEmpty();
        pool.sessionEnded(SessionEnded.of("s1", "b2", POOL, EndReason.CLIENT_END, "router", 90, 1, now + 100), now + 100);
        assertThat(only(pool.heartbeat(hb("b2", BotState.READY, 3, now + 200), now + 200), PoolDeficit.class)).isEmpty();
        assertThat(only(pool.tick(now + 2_000), PoolDeficit.class)).isEmpty();

        // A long one: once it has lasted the interval, its bot is replaced.
        long later = now + 2_100;
        pool.heartbeat(hb("b1", BotState.READY, 2, later), later);
        Effects second = pool.request(request("s2", later, later + 60_000), later);
        assertThat(only(second, BotAssigned.class)).extracting(BotAssigned::botId).as("the bot READY most recently")
                .containsExactly("b2");
        assertThat(only(second, PoolDeficit.class)).isEmpty();
        pool.heartbeat(hb("b2", BotState.BUSY, "s2", null, 4, later + 10), later + 10);
        assertThat(only(pool.heartbeat(hb("b1", BotState.READY, 3, later + 500), later + 500), PoolDeficit.class))
                .isEmpty();
        assertThat(only(pool.tick(later + policy.heartbeatMs() - 1), PoolDeficit.class)).isEmpty();
        assertThat(only(pool.tick(later + policy.heartbeatMs()), PoolDeficit.class)).singleElement()
                .satisfies(d -> assertThat(d.missing()).isEqualTo(1));
    }

    @Test
    void asksAgainWhenASpawnTimesOut() {
        PoolPolicy policy = policy(2, 10);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        PoolDeficit first = only(pool.tick(now), PoolDeficit.class).get(0);
        assertThat(first.missing()).isEqualTo(2);
        pool.heartbeat(hb("b1", BotState.STARTING, null, first.provisionId(), 1, now + 10), now + 10);
        assertThat(pool.snapshot().pending()).isEqualTo(1);
        for (long t = now + 1_000; t < now + policy.spawnTimeoutMs(); t += 1_000) {
            pool.heartbeat(hb("b1", BotState.STARTING, null, first.provisionId(), t, t), t);
            assertThat(pool.tick(t).events()).isEmpty();
        }

        PoolDeficit again = only(pool.tick(now + policy.spawnTimeoutMs()), PoolDeficit.class).get(0);

        assertThat(again.missing()).isEqualTo(1);
        assertThat(again.provisionId()).isNotEqualTo(first.provisionId());
    }

    @Test
    void dropsFailedSpawnsAndRetriesWithBackoff() {
        PoolPolicy policy = policy(2, 10);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        PoolDeficit first = only(pool.tick(now), PoolDeficit.class).get(0);

        pool.spawnFailed(BotSpawnFailed.of(first.provisionId(), POOL, 2, "no image", now + 5), now + 5);
        assertThat(pool.snapshot().pending()).isZero();
        assertThat(pool.tick(now + 5 + policy.spawnBackoffMs() - 1).events()).isEmpty();
        PoolDeficit retry = only(pool.tick(now + 5 + policy.spawnBackoffMs()), PoolDeficit.class).get(0);
        assertThat(retry.missing()).isEqualTo(2);

        long second = now + 5 + policy.spawnBackoffMs() + 1;
        pool.spawnFailed(BotSpawnFailed.of(retry.provisionId(), POOL, 2, "no image", second), second);
        assertThat(pool.tick(second + 2 * policy.spawnBackoffMs() - 1).events()).isEmpty();
        assertThat(only(pool.tick(second + 2 * policy.spawnBackoffMs()), PoolDeficit.class)).hasSize(1);
    }

    @Test
    void neverAsksForMoreThanMaxBots() {
        PoolPolicy policy = policy(2, 3);
        Pool pool = reading(policy);
        long now = afterGrace(policy);
        for (int i = 0; i < 8; i++) {
            pool.request(request("s" + i, now, now + 10_000), now);
        }
        assertThat(pool.snapshot().pending()).isEqualTo(3);
        assertThat(pool.tick(now + 1).events()).isEmpty();
    }

    @Test
    void afterARebuildWaitsForAFreshHeartbeatBeforeAssigning() {
        PoolPolicy policy = policy(1, 10);
        Pool pool = reading(policy);
        // replayed heartbeat, sent before this allocator took over
        pool.heartbeat(hb("b1", BotState.READY, 1, T0 - 300), T0 + 1);
        assertThat(pool.snapshot().ready()).isEqualTo(1);
        assertThat(only(pool.request(request("s1", T0 + 2, T0 + 10_000), T0 + 2), BotAssigned.class)).isEmpty();
        assertThat(pool.tick(T0 + policy.rebuildGraceMs() - 1).events()).isEmpty(); // no deficit while rebuilding

        Effects fresh = pool.heartbeat(hb("b1", BotState.READY, 2, T0 + 700), T0 + 700);

        assertThat(only(fresh, BotAssigned.class)).extracting(BotAssigned::sessionId).containsExactly("s1");
    }

    @Test
    void dropsAReplayedRequestWhoseSessionIsAlreadyServedOrOver() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = reading(policy);
        pool.request(request("s1", T0, T0 + 10_000), T0 + 1);
        pool.request(request("s2", T0, T0 + 10_000), T0 + 1);

        Effects busy = pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 1, T0 - 5), T0 + 2);
        Effects ended = pool.sessionEnded(
                SessionEnded.of("s2", "b0", POOL, EndReason.CLIENT_END, "router", 10, 1, T0), T0 + 3);

        assertThat(busy.withdrawn()).containsExactly(new RequestKey("s1", 1));
        assertThat(ended.withdrawn()).containsExactly(new RequestKey("s2", 1));
        assertThat(pool.request(request("s1", T0, T0 + 10_000), T0 + 4).events()).isEmpty();
        assertThat(pool.snapshot().queued()).isZero();
    }
}
