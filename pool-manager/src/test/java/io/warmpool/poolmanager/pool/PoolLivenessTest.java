package io.warmpool.poolmanager.pool;

import static io.warmpool.poolmanager.pool.Fixtures.POOL;
import static io.warmpool.poolmanager.pool.Fixtures.hb;
import static io.warmpool.poolmanager.pool.Fixtures.ids;
import static io.warmpool.poolmanager.pool.Fixtures.only;
import static io.warmpool.poolmanager.pool.Fixtures.policy;
import static io.warmpool.poolmanager.pool.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.WarmpoolEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Liveness with time passed in: heartbeats every second (silence bound 3 s), ticks every 100 ms, the
 * pool's input stalled as a paused process (no ticks) or a consumer that does not poll (ticks go on).
 */
class PoolLivenessTest {
    private static final long T0 = 1_000_000;
    private static final long BEAT = 1_000;
    private static final long TICK = 100;

    /** A pool with bots b1..bn READY past the rebuild grace, b1 serving s1 when {@code busy}; the clock at {@code now}. */
    private static final class Run {
        final PoolPolicy policy = policy(3, 10);
        final Pool pool = new Pool(POOL, policy, T0, ids());
        final Map<String, BotState> states = new LinkedHashMap<>();
        final Map<String, String> sessions = new LinkedHashMap<>();
        final Map<String, Long> seqs = new LinkedHashMap<>();
        final List<WarmpoolEvent> out = new ArrayList<>();
        long now = T0;

        Run(int bots, boolean busy) {
            for (int i = 1; i <= bots; i++) {
                states.put("b" + i, BotState.READY);
            }
            live(policy.rebuildGraceMs() + BEAT);
            if (busy) {
                out.addAll(pool.request(request("s1", now, now + 60_000), now).events());
                states.put("b1", BotState.BUSY);
                sessions.put("b1", "s1");
                beat("b1", now);
            }
            live(5 * BEAT);
            out.clear();
        }

        void beat(String bot, long sentAt) {
            long seq = seqs.merge(bot, 1L, Long::sum);
            out.addAll(pool.heartbeat(hb(bot, states.get(bot), sessions.get(bot), null, seq, sentAt), now).events());
        }

        /** Every bot heartbeats each second and the pool ticks, for {@code ms}. */
        void live(long ms) {
            long until = now + ms;
            while (now < until) {
                now += TICK;
                if (now % BEAT == 0) {
                    states.keySet().forEach(b -> beat(b, now));
                }
                out.addAll(pool.tick(now).events());
            }
        }

        /**
         * Nothing is read for {@code ms} while the bots go on heartbeating; then the backlog is read in
         * the order it was written (one partition per pool), a tick after each record.
         */
        void stall(long ms, boolean ticking) {
            long from = now;
            now += ms;
            if (ticking) {
                for (long t = from + TICK; t <= now; t += TICK) {
                    out.addAll(pool.tick(t).events());
                }
            }
            for (long sent = from + BEAT - from % BEAT; sent <= now; sent += BEAT) {
                for (String b : states.keySet()) {
                    beat(b, sent);
                    out.addAll(pool.tick(now).events());
                }
            }
        }

        BotStatus status(String bot) {
            return pool.bot(bot).orElseThrow().status();
        }
    }

    @ParameterizedTest(name = "stall of {0} ms, ticks during it: {1}")
    @CsvSource({"5000,true", "5000,false", "30000,true", "30000,false", "300000,true", "300000,false"})
    void aStallOfAllInputLosesNoBotAndEndsNoSession(long stall, boolean ticking) {
        Run run = new Run(4, true);

        run.stall(stall, ticking);
        run.live(BEAT);

        assertThat(run.out).as("nothing ended, nothing asked for").isEmpty();
        assertThat(run.status("b1")).isEqualTo(BotStatus.BUSY);
        assertThat(run.status("b2")).isEqualTo(BotStatus.READY);
        assertThat(run.status("b3")).isEqualTo(BotStatus.READY);
        assertThat(run.status("b4")).isEqualTo(BotStatus.READY);
        Effects next = run.pool.request(request("s2", run.now, run.now + 10_000), run.now);
        assertThat(only(next, BotAssigned.class)).extracting(BotAssigned::botId).containsExactly("b2");
    }

    @Test
    void aSilentBotAmongHeardOnesIsLostAndReplacedWithoutEndingItsSession() {
        Run run = new Run(4, true);
        String busy = "b1";
        String ready = "b2";
        run.states.remove(busy); // both stop heartbeating: the process hangs or died
        run.states.remove(ready);

        run.live(run.policy.silenceBeforeLostMs() + BEAT);

        assertThat(run.status(busy)).isEqualTo(BotStatus.LOST);
        assertThat(run.status(ready)).isEqualTo(BotStatus.LOST);
        assertThat(run.pool.bot(busy).orElseThrow().sessionId()).as("shown with its session").isEqualTo("s1");
        assertThat(run.out).as("the allocator ends no session: the router and the bot hold the sockets")
                .noneMatch(SessionEnded.class::isInstance);
        assertThat(run.out).filteredOn(PoolDeficit.class::isInstance).map(e -> ((PoolDeficit) e).missing())
                .as("the lost READY bot is replaced").containsExactly(1);
        assertThat(run.pool.snapshot().total()).as("a LOST bot is no capacity").isEqualTo(2);
        assertThat(run.pool.snapshot().ready()).isEqualTo(2);
    }

    @Test
    void aLostBotThatHeartbeatsAgainIsBackInTheStateItReports() {
        Run run = new Run(3, true);
        Map<String, BotState> silenced = Map.of("b1", BotState.BUSY, "b2", BotState.READY);
        silenced.keySet().forEach(run.states::remove);
        run.live(run.policy.silenceBeforeLostMs() + BEAT);
        assertThat(run.status("b1")).isEqualTo(BotStatus.LOST);
        assertThat(run.status("b2")).isEqualTo(BotStatus.LOST);

        run.states.putAll(silenced); // the same processes speak again, with higher seq
        run.beat("b1", run.now);
        run.beat("b2", run.now);

        assertThat(run.status("b1")).isEqualTo(BotStatus.BUSY);
        assertThat(run.pool.bot("b1").orElseThrow().sessionId()).isEqualTo("s1");
        assertThat(run.status("b2")).isEqualTo(BotStatus.READY);
        assertThat(run.pool.bot("b2").orElseThrow().assignable()).isTrue();
        assertThat(run.out).noneMatch(SessionEnded.class::isInstance);
    }

    @Test
    void aLostBotSilentLongerIsForgottenYetTakenInAgainShouldItSpeak() {
        Run run = new Run(2, false);
        run.states.remove("b1");
        run.live(run.policy.silenceBeforeLostMs() + run.policy.spawnTimeoutMs() + 2 * BEAT);
        assertThat(run.pool.bot("b1")).isEmpty();

        run.states.put("b1", BotState.READY);
        run.beat("b1", run.now);

        assertThat(run.status("b1")).isEqualTo(BotStatus.READY);
    }

    @Test
    void aPoolOfOneBotNoticesItsSilenceThroughItsOwnStatusReadBack() {
        Run run = new Run(1, false);
        run.states.clear();
        run.live(2 * run.policy.silenceBeforeLostMs());
        assertThat(run.status("b1")).as("no input at all: no evidence").isEqualTo(BotStatus.READY);

        for (int i = 0; i < 5; i++) { // the allocator's pool.status, each second, read back
            run.now += BEAT;
            run.pool.inputRead(run.now);
            run.out.addAll(run.pool.tick(run.now).events());
        }

        assertThat(run.status("b1")).isEqualTo(BotStatus.LOST);
    }

    @Test
    void heartbeatsReplayedAfterATakeoverEndNoSessionAndABotSilentSinceIsForgottenNotLost() {
        PoolPolicy policy = policy(0, 10);
        Pool pool = new Pool(POOL, policy, T0, ids());
        // The previous owner's history: b1 BUSY and b2 READY long ago, b2 still heartbeating now.
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 1, T0 - 60_000), T0 + 1);
        pool.heartbeat(hb("b2", BotState.READY, 1, T0 - 60_000), T0 + 1);
        List<WarmpoolEvent> out = new ArrayList<>();
        long seq = 2;
        for (long now = T0 + 100; now <= T0 + 10_000; now += 100) {
            if (now % BEAT == 0) {
                out.addAll(pool.heartbeat(hb("b2", BotState.READY, seq++, now), now).events());
            }
            out.addAll(pool.tick(now).events());
        }

        assertThat(pool.bot("b1")).as("forgotten: known only from old dates").isEmpty();
        assertThat(pool.bot("b2")).map(Bot::status).contains(BotStatus.READY);
        assertThat(out).noneMatch(SessionEnded.class::isInstance);
        pool.heartbeat(hb("b1", BotState.BUSY, "s1", null, 2, T0 + 10_100), T0 + 10_100);
        assertThat(pool.bot("b1")).map(Bot::status).contains(BotStatus.BUSY);
    }
}
