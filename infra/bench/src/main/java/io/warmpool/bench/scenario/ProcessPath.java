package io.warmpool.bench.scenario;

import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.EventTap;
import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.Stack;
import io.warmpool.events.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Bots as real processes, the way an install runs them: the process provisioner, the default
 * warm-up (3 s) and heartbeat, the default retire policy. The no-pool baseline (scenario "cold":
 * {@code minReady=0}, so every session waits for a bot JVM to boot) and replenishment (3b).
 */
public final class ProcessPath {
    static final String WARM = "warm";
    private static final String COLD = "cold";
    static final int MIN_READY = 3;
    private static final long COLD_TIMEOUT_MS = 60_000;

    private ProcessPath() {
    }

    public static void run(BenchBroker broker, BenchOptions o, Results results, Path botDir) throws Exception {
        Installation installation = new Installation(broker.bootstrap(), broker.topics("bench-process."));
        try (Stack stack = new Stack(installation); Clients clients = new Clients();
             EventTap tap = new EventTap(installation, EventType.BOT_HEARTBEAT, EventType.POOL_DEFICIT)) {
            Progress.say("process provisioner: filling pool %s to minReady=%d with bot JVMs", WARM, MIN_READY);
            stack.poolManager("allocator,provisioner",
                    WARM + ":min=" + MIN_READY + ",max=20;" + COLD + ":min=0,max=20",
                    "WARMPOOL_BOT_DIR", botDir.toString());
            int port = stack.router();
            stack.awaitReadyBots(WARM, MIN_READY, Duration.ofMinutes(2));

            Progress.say("baseline no warm pool: %d sessions at %.2f/s on pool %s (minReady=0)", o.coldSessions(),
                    o.coldRate(), COLD);
            List<SessionResult> cold = OpenLoop.run(o.coldSessions(), o.coldRate(), Duration.ofMinutes(2),
                    intended -> ChatSession.viaRouter(clients.vertx, clients.ws, port, COLD, intended,
                            ChatSession.Script.END_AT_ONCE, COLD_TIMEOUT_MS));
            Figures.outcomes(results, "cold", cold);
            results.add(Figures.of("assigned.cold", "baseline: time to assigned, no warm pool (minReady=0)", cold,
                    SessionResult::toAssigned));

            new Replenishment(stack, tap, clients, port).run(o.replenishRounds(), results);
        }
    }

    /** Starts {@code n} sessions on {@code pool} at once, each ending when assigned; bounded by the cold timeout. */
    static List<SessionResult> burst(Clients clients, int port, String pool, int n) {
        return OpenLoop.run(n, 10_000, Duration.ofMillis(COLD_TIMEOUT_MS), intended -> ChatSession.viaRouter(
                clients.vertx, clients.ws, port, pool, intended, ChatSession.Script.END_AT_ONCE, COLD_TIMEOUT_MS));
    }
}
