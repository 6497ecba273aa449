package io.warmpool.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a run's results as Markdown (machine, table, targets, numbers, notes) beside its plot. */
public final class Report {
    private Report() {
    }

    public static void write(Results r, String machine, String command, Path markdown, String plotName)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# warmpool benchmark run\n\n");
        md.append("- machine: ").append(machine).append('\n');
        md.append("- load average at the end: ").append(Machine.loadAverage()).append('\n');
        md.append("- command: `").append(command).append("`\n\n");
        md.append("| scenario | n | p50 ms | p90 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Figure f : r.figures()) {
            md.append(String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", f.label(), f.count(), f.ms(50),
                    f.ms(90), f.ms(99), f.maxMs()));
        }
        md.append("\n| ratio or target | measured | target | verdict |\n| --- | --- | --- | --- |\n");
        for (Targets.Line t : Targets.of(r)) {
            md.append(String.format("| %s | %s | %s | %s |%n", t.what(), t.value(), t.target(), t.verdict()));
        }
        md.append("\n## Numbers\n\n");
        for (Map.Entry<String, Double> e : new TreeMap<>(r.numbers()).entrySet()) {
            md.append(String.format("- %s: %s%n", e.getKey(), trim(e.getValue())));
        }
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\n![latency by percentile](").append(plotName).append(")\n");
        Files.writeString(markdown, md.toString());
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.3f", v);
    }
}
