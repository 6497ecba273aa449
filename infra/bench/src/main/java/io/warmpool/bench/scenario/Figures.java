package io.warmpool.bench.scenario;

import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Results;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/** Turns session results into figures and outcome counts. */
final class Figures {
    private Figures() {
    }

    /** The completed sessions' values (nanoseconds; negative = not measured), recorded in microseconds. */
    static Figure of(String key, String label, List<SessionResult> sessions, ToLongFunction<SessionResult> nanos) {
        Histogram h = Figure.newHistogram();
        for (SessionResult s : sessions) {
            long v = nanos.applyAsLong(s);
            if (s.completed() && v >= 0) {
                h.recordValue(Math.max(1, v / 1_000));
            }
        }
        return new Figure(key, label, h);
    }

    static Figure ofMillis(String key, String label, List<Long> millis) {
        Histogram h = Figure.newHistogram();
        millis.forEach(ms -> h.recordValue(Math.max(1, ms * 1_000)));
        return new Figure(key, label, h);
    }

    /**
     * The median and the worst time to assigned of the sessions that began in each {@code sliceMs} after
     * {@code from} (epoch millis), as one line: where in a run the slow sessions were.
     */
    static String bySlice(List<SessionResult> sessions, long from, long sliceMs) {
        Map<Long, List<Long>> slices = new TreeMap<>();
        for (SessionResult s : sessions) {
            if (s.completed() && s.toAssigned() >= 0) {
                long millis = s.toAssigned() / 1_000_000;
                slices.computeIfAbsent((s.assignedAt() - millis - from) / sliceMs, k -> new ArrayList<>()).add(millis);
            }
        }
        StringJoiner line = new StringJoiner(", ");
        slices.forEach((slice, millis) -> {
            Collections.sort(millis);
            line.add(String.format("%d-%d s %d/%d", slice * sliceMs / 1000, (slice + 1) * sliceMs / 1000,
                    millis.get(millis.size() / 2), millis.get(millis.size() - 1)));
        });
        return line.toString();
    }

    /** Records how many completed, were rejected or failed, and the first problem seen, if any. */
    static long outcomes(Results results, String prefix, List<SessionResult> sessions) {
        long completed = sessions.stream().filter(SessionResult::completed).count();
        long rejected = sessions.stream().filter(s -> s.outcome() == SessionResult.Outcome.REJECTED).count();
        results.number(prefix + ".completed", completed);
        results.number(prefix + ".rejected", rejected);
        results.number(prefix + ".failed", sessions.size() - completed - rejected);
        SessionResult first = sessions.stream().filter(s -> !s.completed()).findFirst().orElse(null);
        if (first != null) {
            results.note(prefix + ": first session not completed: " + first.outcome() + " " + first.described());
        }
        // A failure is what the harness must explain, however rare: each is told (a few at most).
        sessions.stream().filter(s -> s != first && s.outcome() == SessionResult.Outcome.FAILED).limit(4)
                .forEach(s -> results.note(prefix + ": another session failed: " + s.described()));
        return completed;
    }
}
