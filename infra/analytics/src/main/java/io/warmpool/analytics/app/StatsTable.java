package io.warmpool.analytics.app;

import io.warmpool.events.Distribution;
import io.warmpool.events.PoolStats;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;

/** The terminal table of {@code ./warmpool stats}: one line per pool, its latest window. */
public final class StatsTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String FORMAT = "%-16s %-17s %5s %5s %5s %5s  %-18s %8s %5s %9s %9s %8s%n";

    private StatsTable() {
    }

    public static String render(Collection<PoolStats> latest) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, FORMAT, "pool", "window (UTC)", "req",
                "asg", "rej", "end", "wait p50/p99/max", "dur p50", "util", "warm bot-s", "spawn a/f", "d→ready"));
        for (PoolStats s : latest.stream().sorted(Comparator.comparing(PoolStats::pool)).toList()) {
            out.append(String.format(Locale.ROOT, FORMAT, s.pool(),
                    TIME.format(Instant.ofEpochMilli(s.windowStart())) + "-" + TIME.format(Instant.ofEpochMilli(s.windowEnd())),
                    s.sessions().requested(), s.sessions().assigned(), s.sessions().rejectedTotal(),
                    s.sessions().endedTotal(), waits(s.timeToAssignedMs()), seconds(s.sessionDurationMs()),
                    Math.round(100 * s.bots().utilisation()) + "%",
                    String.format(Locale.ROOT, "%.1f", s.bots().readyMs() / 1000.0),
                    s.spawns().asked() + "/" + s.spawns().failed(), seconds(s.spawns().deficitToReadyMs())));
            if (s.sessions().rejectedTotal() > 0) {
                out.append("    rejected: ").append(s.sessions().rejected().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            }
        }
        return out.toString();
    }

    private static String waits(Distribution d) {
        return d.count() == 0 ? "-" : d.p50() + "/" + d.p99() + "/" + d.max() + " ms";
    }

    private static String seconds(Distribution d) {
        return d.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f s", d.p50() / 1000.0);
    }
}
