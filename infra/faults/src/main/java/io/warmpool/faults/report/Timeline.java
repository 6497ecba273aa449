package io.warmpool.faults.report;

import io.warmpool.bench.load.SessionResult;
import io.warmpool.faults.scenario.Fault;
import io.warmpool.faults.stack.Recorder;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the pool did around the fault, in steps of two seconds from the fault's start: sessions
 * assigned and rejected in each step, and the pool's last reported READY count of its total. A
 * "serving again" figure says when; this says why (no bot READY, or bots READY and nothing assigned).
 */
final class Timeline {
    static final long STEP_MS = 2_000;

    private Timeline() {
    }

    static String of(Fault fault, List<SessionResult> sessions, List<Recorder.Status> statuses) {
        long first = sessions.stream().mapToLong(s -> s.assignedAt() > 0 ? s.assignedAt() : s.endedAt()).min()
                .orElse(fault.start());
        long last = sessions.stream().mapToLong(SessionResult::endedAt).max().orElse(fault.end());
        long from = fault.start() - Math.floorDiv(fault.start() - first, STEP_MS) * STEP_MS;
        StringJoiner steps = new StringJoiner(", ", "timeline (s from the fault's start: assigned/rejected/READY of"
                + " bots; the fault lasts " + (fault.end() - fault.start()) / 1000.0 + " s): ", "");
        for (long t = from; t <= last; t += STEP_MS) {
            long lo = t;
            long hi = t + STEP_MS;
            long assigned = sessions.stream().filter(s -> s.assignedAt() >= lo && s.assignedAt() < hi).count();
            long rejected = sessions.stream().filter(s -> s.outcome() == SessionResult.Outcome.REJECTED
                    && s.endedAt() >= lo && s.endedAt() < hi).count();
            String ready = statuses.stream().filter(s -> s.at() < hi).reduce((a, b) -> b)
                    .map(s -> s.ready() + "/" + s.total()).orElse("-");
            steps.add((t - fault.start()) / 1000 + ": " + assigned + "/" + rejected + "/" + ready);
        }
        return steps.toString();
    }
}
