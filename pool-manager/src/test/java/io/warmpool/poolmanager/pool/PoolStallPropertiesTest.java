package io.warmpool.poolmanager.pool;

import static io.warmpool.poolmanager.pool.Fixtures.POOL;
import static io.warmpool.poolmanager.pool.Fixtures.hb;
import static io.warmpool.poolmanager.pool.Fixtures.ids;
import static io.warmpool.poolmanager.pool.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.SessionEnded;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A stall of the pool's whole input, of any length, against bots that heartbeat every second
 * throughout it, some of which die silently during it: after any interleaving of the backlog's
 * records with ticks (ticks during the stall or not), no bot whose heartbeats resume is ever LOST
 * and the allocator ends no session.
 */
class PoolStallPropertiesTest {
    private static final long T0 = 1_000_000;
    private static final long BEAT = 1_000;

    @Provide
    Arbitrary<List<Integer>> interleavings() {
        // 0: a tick; n > 0: the next record of the backlog, read n - 1 ms after the previous step
        return Arbitraries.integers().between(0, 15).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void noBotWhoseHeartbeatsResumeIsLostAndNoSessionEnds(@ForAll @IntRange(min = 1, max = 5) int botCount,
                                                           @ForAll @LongRange(min = 0, max = 300_000) long stall,
                                                           @ForAll boolean ticksDuringStall,
                                                           @ForAll @IntRange(min = 0, max = 5) int dying,
                                                           @ForAll("interleavings") List<Integer> interleaving) {
        PoolPolicy policy = policy(1, 10);
        Pool pool = new Pool(POOL, policy, T0, ids());
        long[] seq = new long[botCount + 1];
        List<SessionEnded> ended = new ArrayList<>();
        long now = T0;
        // Before the stall: every bot heard, b1 serving s1.
        for (; now < T0 + policy.rebuildGraceMs() + 3 * BEAT; now += 100) {
            if (now % BEAT == 0) {
                for (int b = 1; b <= botCount; b++) {
                    BotState state = b == 1 && now > T0 + BEAT ? BotState.BUSY : BotState.READY;
                    pool.heartbeat(beat(b, state, ++seq[b], now), now);
                }
            }
            pool.tick(now);
        }
        long stallFrom = now;
        long stallTo = stallFrom + stall;
        long diesAt = stallFrom + stall / 2;
        int dead = Math.min(dying, botCount);
        // Written during the stall, in order, onto the pool's one partition: bots b1..b{dead} stop at diesAt.
        List<BotHeartbeat> backlog = new ArrayList<>();
        for (long sent = stallFrom + BEAT - stallFrom % BEAT; sent <= stallTo; sent += BEAT) {
            for (int b = 1; b <= botCount; b++) {
                if (b > dead || sent < diesAt) {
                    backlog.add(beat(b, b == 1 ? BotState.BUSY : BotState.READY, ++seq[b], sent));
                }
            }
        }
        if (ticksDuringStall) {
            for (long t = stallFrom + 100; t <= stallTo; t += 100) {
                collect(pool.tick(t), ended);
            }
        }
        now = stallTo;
        int step = 0;
        for (BotHeartbeat record : backlog) {
            int choice = interleaving.get(step++ % interleaving.size());
            if (choice == 0) {
                collect(pool.tick(now), ended);
            }
            now += Math.max(0, choice - 1);
            collect(pool.heartbeat(record, now), ended);
            assertAliveNotLost(pool, dead, botCount);
        }
        // Then a few seconds of ordinary life for the survivors.
        for (long until = now + 3 * BEAT; now < until; now += 100) {
            if (now % BEAT == 0) {
                for (int b = dead + 1; b <= botCount; b++) {
                    collect(pool.heartbeat(beat(b, b == 1 ? BotState.BUSY : BotState.READY, ++seq[b], now), now),
                            ended);
                }
            }
            collect(pool.tick(now), ended);
            assertAliveNotLost(pool, dead, botCount);
        }

        assertThat(ended).as("sessions ended by the allocator").isEmpty();
    }

    private static BotHeartbeat beat(int bot, BotState state, long seq, long sentAt) {
        return hb("b" + bot, state, state == BotState.BUSY ? "s1" : null, null, seq, sentAt);
    }

    private static void collect(Effects effects, List<SessionEnded> ended) {
        effects.events().stream().filter(SessionEnded.class::isInstance).map(SessionEnded.class::cast)
                .forEach(ended::add);
    }

    private static void assertAliveNotLost(Pool pool, int dead, int botCount) {
        for (int b = dead + 1; b <= botCount; b++) {
            assertThat(pool.bot("b" + b)).as("b%d, heartbeating throughout", b).isPresent()
                    .get().extracting(Bot::status).isNotEqualTo(BotStatus.LOST);
        }
    }
}
