package io.warmpool.bench.scenario;

import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.Clients;
import java.util.List;

/**
 * Sustained assignments: session starts offered at rising rates (open model), each session ending as
 * soon as it is assigned, so bots come back at once and the allocator-router path is what saturates.
 * The sustained rate is the highest step whose sessions all completed with time-to-assigned p99 at or
 * under 50 ms.
 */
final class Throughput {
    static final double P99_LIMIT_MS = 50;

    /**
     * @param key    figures are {@code KEY.atRATE}, numbers {@code KEY.stepRATE.*} and {@code KEY.sustainedPerSecond}
     * @param label  what the figures' labels start with
     * @param refill run after each step that held: waits until the pool is full again
     */
    record Ladder(String key, String label, String pool, int routerPort, List<Integer> steps, int stepSeconds,
                  Runnable refill) {
    }

    private Throughput() {
    }

    static void run(Ladder l, Clients clients, Results results) {
        int sustained = 0;
        for (int rate : l.steps()) {
            int sessions = rate * l.stepSeconds();
            Progress.say("%s: %d sessions offered at %d/s", l.label(), sessions, rate);
            List<SessionResult> step = OpenLoop.run(sessions, rate, WarmPath.DRAIN, intended ->
                    ChatSession.viaRouter(clients.vertx, clients.ws, l.routerPort(), l.pool(), intended,
                            ChatSession.Script.END_AT_ONCE, WarmPath.SESSION_TIMEOUT_MS));
            Figure figure = Figures.of(l.key() + ".at" + rate, l.label() + ": time to assigned at " + rate
                    + "/s offered", step, SessionResult::toAssigned);
            long completed = Figures.outcomes(results, l.key() + ".step" + rate, step);
            boolean held = completed == sessions && figure.ms(99) <= P99_LIMIT_MS;
            results.add(figure);
            results.note(String.format("%s, step %d/s: %d of %d completed, p99 %.2f ms: %s", l.label(), rate,
                    completed, sessions, figure.ms(99), held ? "held" : "NOT held"));
            if (!held) {
                break;
            }
            sustained = rate;
            l.refill().run(); // every step starts on a full pool
        }
        results.number(l.key() + ".sustainedPerSecond", sustained);
    }
}
