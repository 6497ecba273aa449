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
        Optional<Figure> warm = r.figure("assigned.warm");
        Optional<Figure> hop = r.figure("kafka.hop");
        if (warm.isPresent() && hop.isPresent()) {
            double floor = 2 * hop.get().ms(99);
            double ratio = warm.get().ms(99) / floor;
            lines.add(new Line("time to assigned p99 / two-hop Kafka floor p99",
                    String.format("%.2f ms / %.2f ms = %.1fx", warm.get().ms(99), floor, ratio), "<= 3x",
                    verdict(ratio <= 3)));
            lines.add(new Line("time to assigned p99, warm", String.format("%.2f ms", warm.get().ms(99)), "< 25 ms",
                    verdict(warm.get().ms(99) < 25)));
        }
        r.number("throughput.sustainedPerSecond").ifPresent(rate -> lines.add(new Line(
                "sustained assignments/s (p99 <= 50 ms, none rejected)", String.format("%.0f/s", rate),
                ">= 1000/s", verdict(rate >= 1000))));
        Optional<Figure> routed = r.figure("firstToken.router");
        Optional<Figure> direct = r.figure("firstToken.direct");
        if (routed.isPresent() && direct.isPresent()) {
            double overhead = routed.get().ms(50) - direct.get().ms(50);
            lines.add(new Line("relay overhead, first token p50 (via router - direct)",
                    String.format("%.3f ms (ratio %.2fx)", overhead, routed.get().ms(50) / direct.get().ms(50)),
                    "< 1 ms", verdict(overhead < 1)));
        }
        Optional<Figure> cold = r.figure("assigned.cold");
        if (cold.isPresent() && warm.isPresent()) {
            lines.add(new Line("cold p50 / warm p50 (time to assigned)", String.format("%.0f ms / %.2f ms = %.0fx",
                    cold.get().ms(50), warm.get().ms(50), cold.get().ms(50) / warm.get().ms(50)), "(ratio)", "-"));
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
