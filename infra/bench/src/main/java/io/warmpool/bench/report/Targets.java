package io.warmpool.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ratios and targets, computed from a run's results. Reported, never asserted. */
public final class Targets {
    /** One line of the targets table. */
    public record Line(String what, String value, String target, String verdict) {
    }

    private Targets() {
    }

    public static List<Line> of(Results r) {
        List<Line> lines = new ArrayList<>();
        Optional<Figure> hop = r.figure("kafka.hop");
        for (String rate : List.of("20", "50")) {
            r.figure("users.warm" + rate).ifPresent(f -> {
                lines.add(new Line("users: warm time to assigned at " + rate + "/s, p50 / p99",
                        String.format("%.2f / %.2f ms", f.ms(50), f.ms(99)), "<= 9 / <= 25 ms",
                        verdict(f.ms(50) <= 9 && f.ms(99) <= 25)));
                hop.ifPresent(h -> lines.add(new Line("users: warm " + rate + "/s, ratio to the two-hop floor, p50 / p99",
                        String.format("%.1fx / %.1fx (floor %.2f / %.2f ms)", f.ms(50) / (2 * h.ms(50)),
                                f.ms(99) / (2 * h.ms(99)), 2 * h.ms(50), 2 * h.ms(99)), "(ratio)", "-")));
            });
        }
        Optional<Figure> first = r.figure("users.first");
        Optional<Figure> settled = r.figure("users.warm20");
        if (first.isPresent() && settled.isPresent()) {
            double ratio = first.get().ms(99) / settled.get().ms(99);
            // The percentiles are of the completed sessions only: a start that drowns shows in the counts.
            double completed = r.number("users.first.completed").orElse(0.0);
            double offered = completed + r.number("users.first.rejected").orElse(0.0)
                    + r.number("users.first.failed").orElse(0.0);
            lines.add(new Line("users: first seconds after READY, p99 / settled p99 at 20/s",
                    String.format("%.2f / %.2f ms = %.1fx (%.0f of %.0f completed)", first.get().ms(99),
                            settled.get().ms(99), ratio, completed, offered), "<= 2x, all completed",
                    verdict(ratio <= 2 && completed == offered)));
        }
        r.number("users.sustainedPerSecond").ifPresent(rate -> lines.add(new Line(
                "users: sustained assignments/s, process bots (p99 <= 50 ms, none rejected)",
                String.format("%.0f/s", rate), ">= 200/s", verdict(rate >= 200))));
        r.number("inJvm.sustainedPerSecond").ifPresent(rate -> lines.add(new Line(
                "in-JVM variant: sustained assignments/s, in-JVM bots (p99 <= 50 ms, none rejected)",
                String.format("%.0f/s", rate), ">= 1000/s", verdict(rate >= 1000))));
        r.figure("users.burstAssigned").ifPresent(f -> lines.add(new Line(
                "users: burst of 2 x minReady, every session assigned (worst round)",
                String.format("%.0f ms", f.maxMs()), "<= 5000 ms (warm-up + 3 s)", verdict(f.maxMs() <= 5000))));
        r.figure("users.burstRefilled").ifPresent(f -> lines.add(new Line(
                "users: burst of 2 x minReady, pool back at minReady (worst round)",
                String.format("%.0f ms", f.maxMs()), "<= 6000 ms (warm-up + 4 s)", verdict(f.maxMs() <= 6000))));
        Optional<Figure> warm = r.figure("assigned.warm");
        if (warm.isPresent() && hop.isPresent()) {
            double floor = 2 * hop.get().ms(99);
            double ratio = warm.get().ms(99) / floor;
            lines.add(new Line("in-JVM variant: time to assigned p99 / two-hop Kafka floor p99",
                    String.format("%.2f ms / %.2f ms = %.1fx", warm.get().ms(99), floor, ratio), "<= 3x",
                    verdict(ratio <= 3)));
        }
        Optional<Figure> routed = r.figure("firstToken.router");
        Optional<Figure> direct = r.figure("firstToken.direct");
        if (routed.isPresent() && direct.isPresent()) {
            double overhead = routed.get().ms(50) - direct.get().ms(50);
            lines.add(new Line("relay overhead, first token p50 (via router - direct)",
                    String.format("%.3f ms (ratio %.2fx)", overhead, routed.get().ms(50) / direct.get().ms(50)),
                    "< 1 ms", verdict(overhead < 1)));
        }
        Optional<Figure> cold = r.figure("assigned.cold");
        Optional<Figure> users = r.figure("users.warm20");
        if (cold.isPresent() && users.isPresent()) {
            lines.add(new Line("cold p50 / users' warm p50 at 20/s (time to assigned)",
                    String.format("%.0f ms / %.2f ms = %.0fx", cold.get().ms(50), users.get().ms(50),
                            cold.get().ms(50) / users.get().ms(50)), "(ratio)", "-"));
        }
        for (String key : List.of("idle.1000.heapPerSocketKB", "idle.5000.heapPerSocketKB")) {
            r.number(key).ifPresent(kb -> lines.add(new Line("router heap after GC / idle sockets at "
                    + key.split("\\.")[1], String.format("%.1f KB", kb), "< 50 KB", verdict(kb < 50))));
        }
        return lines;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
