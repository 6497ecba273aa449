package io.warmpool.bench.scenario;

import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.Stack;
import java.util.List;

/**
 * Scenario 3: session starts offered at rising rates (open model), each session ending as soon as
 * it is assigned, so bots come back at once and the allocator-router path is what saturates. The
 * sustained rate is the highest step whose sessions all completed with time-to-assigned p99 at or
 * under 50 ms.
 */
final class Throughput {
    static final double P99_LIMIT_MS = 50;

    private Throughput() {
    }

    static void run(Stack stack, Clients clients, int port, BenchOptions o, Results results) {
        int sustained = 0;
        for (int rate : o.throughputSteps()) {
            int sessions = rate * o.stepSeconds();
            Progress.say("scenario 3: %d sessions offered at %d/s", sessions, rate);
            List<SessionResult> step = OpenLoop.run(sessions, rate, WarmPath.DRAIN, intended ->
                    ChatSession.viaRouter(clients.vertx, clients.ws, port, WarmPath.POOL, intended,
                            ChatSession.Script.END_AT_ONCE, WarmPath.SESSION_TIMEOUT_MS));
            String key = "assigned.at" + rate;
            Figure figure = Figures.of(key, "3. time to assigned at " + rate + "/s offered", step,
                    SessionResult::toAssigned);
            long completed = Figures.outcomes(results, "step" + rate, step);
            boolean held = completed == sessions && figure.ms(99) <= P99_LIMIT_MS;
            results.add(figure);
            results.note(String.format("step %d/s: %d of %d completed, p99 %.2f ms: %s", rate, completed, sessions,
                    figure.ms(99), held ? "held" : "NOT held"));
            if (!held) {
                break;
            }
            sustained = rate;
            // Every step starts on a full pool: the last sessions' bots are READY again.
            stack.awaitReadyBots(WarmPath.POOL, o.warmBots(), WarmPath.DRAIN);
        }
        results.number("throughput.sustainedPerSecond", sustained);
    }
}
