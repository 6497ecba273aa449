package io.warmpool.bench.scenario;

import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Machine;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.EventTap;
import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.PoolManagerHttp;
import io.warmpool.bench.stack.ServiceJars;
import io.warmpool.bench.stack.UserStack;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape users run: pool manager and router each in a JVM of its own from the service jars,
 * process bots (reuse policy on pool {@value #POOL}, retire policy on pool {@value #BURST}), the
 * broker in a JVM of its own, and this JVM only as the load generator. Every session ends as soon as
 * it is assigned. In order: the first {@code firstSeconds} after both pools report minReady READY,
 * warm time to assigned at each warm rate, the sustained rate with process bots, then bursts of
 * {@code 2 x minReady} sessions on pool {@value #BURST}.
 */
public final class UsersPath {
    static final String POOL = "users";
    static final String BURST = "burst";
    /** The bots' warm-up, 2 s as the burst target assumes. */
    static final long WARMUP_MS = 2_000;
    private static final Duration FILL = Duration.ofMinutes(4);

    private UsersPath() {
    }

    public static void run(BenchBroker broker, ServiceJars jars, BenchOptions o, Results results, Path dir)
            throws Exception {
        Installation installation = new Installation(broker.bootstrap(), broker.topics("bench-users."));
        String pools = POOL + ":min=" + o.userBots() + ",max=" + (o.userBots() * 3 / 2) + ",reuse=true;"
                + BURST + ":min=" + o.burstMinReady() + ",max=" + (o.burstMinReady() * 4) + ",reuse=false";
        Progress.say("users: pool manager and router from their jars, pools %s, bot warm-up %d ms", pools,
                WARMUP_MS);
        try (UserStack stack = UserStack.start(jars, installation, dir, pools, WARMUP_MS);
             Clients clients = new Clients(); EventTap tap = new EventTap(installation, EventType.BOT_ASSIGNED)) {
            PoolManagerHttp pm = stack.poolManager();
            int port = stack.routerPort();
            pm.awaitReadyBots(POOL, o.userBots(), FILL);
            pm.awaitReadyBots(BURST, o.burstMinReady(), FILL);
            clients.warmUp(port);
            double firstRate = o.userRates().get(0);
            Progress.say("users: the first %d s after READY, %.0f sessions/s", o.firstSeconds(), firstRate);
            long firstFrom = System.currentTimeMillis();
            List<SessionResult> first = endAtOnce(clients, port, POOL, (int) (firstRate * o.firstSeconds()),
                    firstRate);
            Figures.outcomes(results, "users.first", first);
            results.add(Figures.of("users.first", "users: time to assigned, first " + o.firstSeconds()
                    + " s after READY at " + (int) firstRate + "/s", first, SessionResult::toAssigned));
            results.add(queued("users.queuedFirst", "users: first " + o.firstSeconds() + " s, of which request to "
                    + "assignment (allocator's queuedMs)", tap, firstFrom));
            results.note("users: first " + o.firstSeconds() + " s by 5 s of start, time to assigned p50/max ms: "
                    + Figures.bySlice(first, firstFrom, 5_000));
            load(results, "the first " + o.firstSeconds() + " s");

            Map<Integer, Integer> runs = new HashMap<>();
            for (int rate : o.userRates()) {
                pm.awaitReadyBots(POOL, o.userBots(), FILL);
                // A rate measured again (to tell the rate from the order) gets keys of its own.
                int run = runs.merge(rate, 1, Integer::sum);
                String key = rate + (run == 1 ? "" : "." + run);
                String label = rate + "/s" + (run == 1 ? "" : ", run " + run);
                Progress.say("users: warm, %d s at %s", o.userSeconds(), label);
                long from = System.currentTimeMillis();
                List<SessionResult> warm = endAtOnce(clients, port, POOL, rate * o.userSeconds(), rate);
                Figures.outcomes(results, "users.warm" + key, warm);
                results.add(Figures.of("users.warm" + key, "users: time to assigned, warm, " + label, warm,
                        SessionResult::toAssigned));
                results.add(queued("users.queued" + key, "users: warm, " + label + ", of which request to "
                        + "assignment (allocator's queuedMs)", tap, from));
                load(results, "warm " + label);
            }

            pm.awaitReadyBots(POOL, o.userBots(), FILL);
            Throughput.run(new Throughput.Ladder("users", "users (process bots)", POOL, port, o.userSteps(),
                    o.stepSeconds(), () -> pm.awaitReadyBots(POOL, o.userBots(), FILL)), clients, results);

            load(results, "the ladder");
            burst(clients, port, pm, o, results);
            load(results, "the bursts");
        }
    }

    /** The allocator's own queuedMs splits time to assigned: request to assignment (one hop and the allocator). */
    private static Figure queued(String key, String label, EventTap tap, long from) {
        return Figures.ofMillis(key, label, tap.since(BotAssigned.class, from).stream()
                .filter(a -> a.pool().equals(POOL)).map(BotAssigned::queuedMs).toList());
    }

    /** The machine is shared: every figure goes with the load average at its end. */
    private static void load(Results results, String after) {
        results.note("users: load average after " + after + ": " + Machine.loadAverage());
    }

    /**
     * Each round: pool {@value #BURST} at minReady, then {@code 2 x minReady} sessions at once; times
     * until the last of them is assigned and until the allocator counts minReady READY bots again.
     */
    private static void burst(Clients clients, int port, PoolManagerHttp pm, BenchOptions o, Results results) {
        int min = o.burstMinReady();
        List<Long> assigned = new ArrayList<>();
        List<Long> refilled = new ArrayList<>();
        for (int round = 1; round <= o.burstRounds(); round++) {
            pm.awaitReadyBots(BURST, min, FILL);
            Progress.say("users: burst %d/%d, %d sessions on pool %s at minReady=%d (retire policy)", round,
                    o.burstRounds(), 2 * min, BURST, min);
            long start = System.nanoTime();
            List<SessionResult> burst = ProcessPath.burst(clients, port, BURST, 2 * min);
            Figures.outcomes(results, "users.burst" + round, burst);
            burst.stream().filter(SessionResult::completed).mapToLong(SessionResult::toAssigned).max()
                    .ifPresent(last -> assigned.add(last / 1_000_000));
            pm.awaitReadyBots(BURST, min, FILL);
            refilled.add((System.nanoTime() - start) / 1_000_000);
        }
        results.add(Figures.ofMillis("users.burstAssigned", "users: burst of 2 x minReady, until every session "
                + "is assigned (warm-up 2 s)", assigned));
        results.add(Figures.ofMillis("users.burstRefilled", "users: burst of 2 x minReady, until the pool is "
                + "back at minReady", refilled));
    }

    private static List<SessionResult> endAtOnce(Clients clients, int port, String pool, int sessions,
                                                 double rate) {
        return OpenLoop.run(sessions, rate, WarmPath.DRAIN, intended -> ChatSession.viaRouter(clients.vertx,
                clients.ws, port, pool, intended, ChatSession.Script.END_AT_ONCE, WarmPath.SESSION_TIMEOUT_MS));
    }
}
