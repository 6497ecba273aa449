package io.warmpool.poolmanager.pool;

import static io.warmpool.poolmanager.pool.Fixtures.POOL;
import static io.warmpool.poolmanager.pool.Fixtures.hb;
import static io.warmpool.poolmanager.pool.Fixtures.ids;
import static io.warmpool.poolmanager.pool.Fixtures.only;
import static io.warmpool.poolmanager.pool.Fixtures.policy;
import static io.warmpool.poolmanager.pool.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotState;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.EndReason;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests nobody waits for, failed claims and session ends (issue 12, items 4 to 7), and atomic inputs. */
class PoolOutcomesTest {
    private static final long T0 = 1_000_000;
    private static final PoolPolicy POLICY = policy(0, 10);
    private static final long NOW = T0 + POLICY.rebuildGraceMs();
    /** {@link #POLICY} with bots reused after a session. */
    private static final PoolPolicy REUSE = policy(0, 10, AfterSession.REUSE);

    private static Pool pool() {
        return new Pool(POOL, POLICY, T0, ids());
    }

    private static SessionRequested request(String session, String router, int attempt) {
        return SessionRequested.of(session, POOL, router, attempt, NOW, NOW + 20_000);
    }

    @Test
    void aWithdrawnRequestLeavesTheQueueParksNoBotAndDrivesNoDeficit() {
        Pool pool = pool();
        pool.request(request("s1", "r1", 1), NOW);
        assertThat(pool.snapshot().queued()).isEqualTo(1);

        Effects fx = pool.withdrawn(SessionWithdrawn.of("s1", POOL, "r1", EndReason.CLIENT_GONE, NOW + 1), NOW + 1);
        Effects ready = pool.heartbeat(hb("b1", BotState.READY, 1, NOW + 2), NOW + 2);

        assertThat(fx.withdrawn()).containsExactly(new RequestKey("s1", 1));
        assertThat(pool.snapshot().queued()).isZero();
        assertThat(only(ready, BotAssigned.class)).as("no bot parked for the ghost").isEmpty();
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.READY);
        assertThat(only(pool.tick(NOW + 3), PoolDeficit.class)).as("min 0, nobody waits: no deficit").isEmpty();
        assertThat(pool.request(request("s1", "r1", 1), NOW + 4).events()).as("a replay stays withdrawn").isEmpty();
    }

    @Test
    void aBotAssignedToAWithdrawnSessionIsReadyAgainAtOnce() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.ASSIGNED);

        pool.withdrawn(SessionWithdrawn.of("s1", POOL, "r1", EndReason.CLIENT_GONE, NOW + 2), NOW + 2);

        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.READY);
        Effects next = pool.request(request("s2", "r1", 1), NOW + 3);
        assertThat(only(next, BotAssigned.class)).extracting(BotAssigned::botId).containsExactly("b1");
    }

    @Test
    void theQueuedRequestsOfASilentRouterAreDroppedWithinThreeOfItsIntervalsOfFlowingInput() {
        Pool pool = pool();
        pool.routerHeartbeat(RouterHeartbeat.of("r1", POOL, 1, 1_000, NOW), NOW);
        pool.routerHeartbeat(RouterHeartbeat.of("r2", POOL, 1, 1_000, NOW), NOW);
        pool.request(request("dead", "r1", 1), NOW);
        pool.request(request("alive", "r2", 1), NOW);
        pool.request(request("legacy", "r3", 1), NOW); // r3 never announced itself

        // The rest of the input flows: r2 and a starting bot are heard every second; r1 is not.
        long t = NOW;
        for (int i = 1; i <= 3; i++) {
            t = NOW + i * 1_000L;
            pool.routerHeartbeat(RouterHeartbeat.of("r2", POOL, 1, 1_000, t), t);
            pool.heartbeat(hb("b1", BotState.STARTING, i, t), t);
            assertThat(pool.tick(t).withdrawn()).as("not yet gone at %d s", i).isEmpty();
        }
        t += 1;
        pool.heartbeat(hb("b1", BotState.STARTING, 4, t), t);
        Effects fx = pool.tick(t);

        assertThat(fx.withdrawn()).containsExactly(new RequestKey("dead", 1));
        assertThat(pool.waiting()).containsExactly(new RequestKey("alive", 1), new RequestKey("legacy", 1));
    }

    @Test
    void silenceOfTheWholeInputIsNoEvidenceAgainstARouter() {
        Pool pool = pool();
        pool.routerHeartbeat(RouterHeartbeat.of("r1", POOL, 1, 1_000, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW);

        Effects fx = pool.tick(NOW + 15_000); // nothing read for 15 s: a paused consumer, a broker outage

        assertThat(fx.withdrawn()).isEmpty();
        assertThat(pool.isQueued(new RequestKey("s1", 1))).isTrue();
    }

    @Test
    void aRefusedClaimReturnsTheBotAtOnceButHoldsItBackUntilItsNextHeartbeat() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);

        pool.claimFailed(ClaimFailed.of("s1", 1, "b1", POOL, "r1", 401, NOW + 2), NOW + 2);
        Effects retry = pool.request(request("s1", "r1", 2), NOW + 3);

        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.READY);
        assertThat(only(retry, BotAssigned.class)).as("held back until it proves itself").isEmpty();
        Effects proved = pool.heartbeat(hb("b1", BotState.READY, 2, NOW + 1_000), NOW + 1_000);
        assertThat(only(proved, BotAssigned.class)).extracting(BotAssigned::attempt).containsExactly(2);
        assertThat(pool.claimStrikes("b1")).isEqualTo(1);
    }

    @Test
    void theNextAttemptArrivingBeforeTheFailureReportIsServedOnceTheBotProvesItself() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);
        assertThat(only(pool.request(request("s1", "r1", 2), NOW + 2), BotAssigned.class)).isEmpty();

        pool.claimFailed(ClaimFailed.of("s1", 1, "b1", POOL, "r1", 401, NOW + 3), NOW + 3);
        Effects proved = pool.heartbeat(hb("b1", BotState.READY, 2, NOW + 200), NOW + 200);

        assertThat(only(proved, BotAssigned.class)).extracting(BotAssigned::attempt).containsExactly(2);
    }

    @Test
    void afterThreeFailedClaimsInARowABotIsNoLongerHandedOutNorCountedReady() {
        Pool pool = new Pool(POOL, policy(1, 10), T0, ids());
        long t = NOW;
        pool.heartbeat(hb("b1", BotState.READY, 1, t), t);
        for (int attempt = 1; attempt <= 3; attempt++) {
            t += 1_000;
            pool.heartbeat(hb("b1", BotState.READY, attempt + 1, t), t);
            Effects fx = pool.request(request("s1", "r1", attempt), t);
            assertThat(only(fx, BotAssigned.class)).extracting(BotAssigned::botId).containsExactly("b1");
            pool.claimFailed(ClaimFailed.of("s1", attempt, "b1", POOL, "r1", 0, t + 1), t + 1);
        }
        t += POLICY.spawnTimeoutMs() + 1_000; // the spawns asked for meanwhile are given up
        pool.heartbeat(hb("b1", BotState.READY, 10, t), t);

        assertThat(pool.claimStrikes("b1")).isEqualTo(ClaimStrikes.MAX);
        assertThat(pool.snapshot().ready()).isZero();
        assertThat(only(pool.tick(t), PoolDeficit.class)).as("min 1: a replacement is asked for").isNotEmpty();
        assertThat(only(pool.request(request("s2", "r1", 1), t), BotAssigned.class)).isEmpty();
    }

    @Test
    void aConflictIsNoStrikeAgainstTheBot() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);

        pool.claimFailed(ClaimFailed.of("s1", 1, "b1", POOL, "r1", 409, NOW + 2), NOW + 2);

        assertThat(pool.claimStrikes("b1")).isZero();
        assertThat(only(pool.request(request("s2", "r1", 1), NOW + 3), BotAssigned.class)).isEmpty();
    }

    @Test
    void aRoutersEndOfAnAssignedSessionRetiresTheBotInsteadOfHandingItOutAgain() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1); // assigned; its BUSY heartbeat has not come yet

        pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_END, "router", 5, 1, NOW + 2), NOW + 2);

        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.EXITING);
        assertThat(only(pool.request(request("s2", "r1", 1), NOW + 3), BotAssigned.class)).isEmpty();
    }

    @Test
    void aBotsEndOfAClaimTheRouterSawFailDoesNotDropTheRoutersNextAttempt() {
        Pool pool = pool();
        pool.heartbeat(hb("b2", BotState.READY, 1, NOW), NOW);
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW + 1), NOW + 1);
        pool.request(request("s1", "r1", 1), NOW + 2); // b1, READY most recently
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, NOW + 3), NOW + 3); // the bot took the claim...
        pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.BOT_LOST, "bot", 0, 0, NOW + 4), NOW + 4);

        Effects retry = pool.request(request("s1", "r1", 2), NOW + 5); // ...but the router saw the handshake fail

        assertThat(only(retry, BotAssigned.class)).extracting(BotAssigned::botId, BotAssigned::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b2", 2));
        Effects busy = pool.heartbeat(hb("b2", BotState.BUSY, "s1", null, 2, NOW + 6), NOW + 6);
        assertThat(busy.events()).isEmpty();
        assertThat(pool.bot("b2").orElseThrow().status()).as("serving attempt 2").isEqualTo(BotStatus.BUSY);
    }

    @Test
    void aBotsEndOfAnEarlierAttemptDeliveredAgainDoesNotFreeTheBotAssignedToTheNextOne() {
        Pool pool = new Pool(POOL, REUSE, T0, ids());
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);
        // The bot took attempt 1's claim, the router saw the handshake fail: both report, the bot resets.
        pool.claimFailed(ClaimFailed.of("s1", 1, "b1", POOL, "r1", 0, NOW + 2), NOW + 2);
        SessionEnded attempt1 = SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_GONE, "bot", 1, 0, NOW + 2);
        pool.sessionEnded(attempt1, NOW + 3);
        Effects retry = pool.request(request("s1", "r1", 2), NOW + 4);
        pool.heartbeat(hb("b1", BotState.READY, 2, NOW + 5), NOW + 5);
        assertThat(pool.bot("b1").orElseThrow()).extracting(Bot::status, Bot::sessionId)
                .containsExactly(BotStatus.ASSIGNED, "s1");
        assertThat(only(retry, BotAssigned.class)).as("held back until its next heartbeat").isEmpty();

        pool.sessionEnded(attempt1, NOW + 6); // delivered again (a rebalance, a consumer restart)
        pool.heartbeat(hb("b1", BotState.READY, 3, NOW + 7), NOW + 7);

        assertThat(pool.bot("b1").orElseThrow()).as("attempt 2's claim may still come")
                .extracting(Bot::status, Bot::sessionId).containsExactly(BotStatus.ASSIGNED, "s1");
        assertThat(only(pool.request(request("s2", "r1", 1), NOW + 8), BotAssigned.class)).isEmpty();
    }

    /**
     * A reused bot's session that ends at once: the bot's BUSY heartbeat, its end, its READY heartbeat
     * and the router's end reach the pool in any order across their topics (heartbeats in their own
     * order). In every order the bot is READY once all four are read, and not handed out before its
     * READY heartbeat.
     */
    @Test
    void aReusedBotIsReadyAgainAfterItsSessionWhateverTheOrderOfTheEndsAndHeartbeats() {
        List<String> inputs = List.of("busy", "botEnd", "ready", "routerEnd");
        for (List<String> order : permutations(inputs)) {
            if (order.indexOf("busy") > order.indexOf("ready")) {
                continue; // one bot's heartbeats keep their order
            }
            Pool pool = new Pool(POOL, REUSE, T0, ids());
            pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
            pool.request(request("s1", "r1", 1), NOW + 1);
            long t = NOW + 2;
            for (String input : order.subList(0, order.indexOf("ready") + 1)) {
                assertThat(pool.bot("b1").orElseThrow().status()).as("%s, before %s", order, input)
                        .isNotEqualTo(BotStatus.READY);
                t = apply(pool, input, t);
            }
            for (String input : order.subList(order.indexOf("ready") + 1, order.size())) {
                t = apply(pool, input, t);
            }
            assertThat(pool.bot("b1").orElseThrow().status()).as("after %s", order).isEqualTo(BotStatus.READY);
        }
    }

    private static long apply(Pool pool, String input, long t) {
        switch (input) {
            case "busy" -> pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, t), t);
            case "ready" -> pool.heartbeat(hb("b1", BotState.READY, 3, t), t);
            case "botEnd" -> pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_GONE, "bot", 1, 0, t), t);
            default -> pool.sessionEnded(SessionEnded.of("s1", "b1", POOL, EndReason.CLIENT_END, "router", 1, 0, t), t);
        }
        return t + 1;
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<String>> all = new ArrayList<>();
        for (String first : items) {
            List<String> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<String> tail : permutations(rest)) {
                List<String> one = new ArrayList<>(List.of(first));
                one.addAll(tail);
                all.add(one);
            }
        }
        return all;
    }

    @Test
    void aBotLostWhileAssignedAndHeardReadyAgainWaitsForItsClaimBeforeItIsHandedOut() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s1", "r1", 1), NOW + 1);
        long t = NOW;
        for (int i = 1; i <= 4; i++) { // the input flows (a starting bot), b1 is silent
            t = NOW + i * 1_000L;
            pool.heartbeat(hb("b2", BotState.STARTING, i, t), t);
            pool.tick(t);
        }
        assertThat(pool.bot("b1").orElseThrow().status()).isEqualTo(BotStatus.LOST);

        Effects back = pool.heartbeat(hb("b1", BotState.READY, 2, t + 1), t + 1);
        Effects other = pool.request(request("s2", "r1", 1), t + 2);

        assertThat(pool.bot("b1").orElseThrow()).extracting(Bot::status, Bot::sessionId)
                .containsExactly(BotStatus.ASSIGNED, "s1");
        assertThat(only(back, BotAssigned.class)).isEmpty();
        assertThat(only(other, BotAssigned.class)).as("s1's claim may still come").isEmpty();
        pool.claimFailed(ClaimFailed.of("s1", 1, "b1", POOL, "r1", 0, t + 3), t + 3);
        Effects proved = pool.heartbeat(hb("b1", BotState.READY, 3, t + 4), t + 4);
        assertThat(only(proved, BotAssigned.class)).extracting(BotAssigned::sessionId).containsExactly("s2");
    }

    @Test
    void anInputThatThrowsMidwayLeavesThePoolAsItWas() {
        Pool pool = pool();
        pool.heartbeat(hb("b1", BotState.READY, 1, NOW), NOW);
        pool.request(request("s0", "r1", 1), NOW + 1); // b1 assigned
        pool.request(request("s1", "r1", 1), NOW + 1); // queued
        String before = describe(pool);

        assertThatThrownBy(() -> pool.atomically(p -> {
            p.heartbeat(hb("b2", BotState.READY, 1, NOW + 2), NOW + 2); // serves s1 with b2
            p.withdrawn(SessionWithdrawn.of("s0", POOL, "r1", EndReason.CLIENT_GONE, NOW + 2), NOW + 2);
            throw new IllegalStateException("a bug midway");
        })).hasMessage("a bug midway");

        assertThat(describe(pool)).isEqualTo(before);
        Effects again = pool.request(request("s1", "r1", 1), NOW + 3);
        assertThat(again.events()).as("s1 is still queued, not answered").isEmpty();
        assertThat(pool.isQueued(new RequestKey("s1", 1))).isTrue();
        Effects b2 = pool.heartbeat(hb("b2", BotState.READY, 1, NOW + 4), NOW + 4);
        assertThat(only(b2, BotAssigned.class)).extracting(BotAssigned::sessionId).containsExactly("s1");
    }

    private static String describe(Pool pool) {
        return pool.bots() + " " + pool.waiting() + " " + pool.snapshot() + " " + pool.status("a", 0);
    }
}
