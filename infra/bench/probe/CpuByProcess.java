import io.warmpool.bench.stack.ProcessTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the machine goes while the benchmark's stack runs: every INTERVAL_S seconds (default 5), the
 * CPU each kind of process used in the interval, in % of one core, from /proc/PID/stat (a process
 * started within the interval counts all of its CPU), and the busiest bot JVMs one by one:
 * {@code java -cp infra/bench/target/warmpool-bench.jar infra/bench/probe/CpuByProcess.java [INTERVAL_S]}, beside
 * {@code java -jar infra/bench/target/warmpool-bench.jar --only users ...}; stop it with Ctrl-C.
 * Kinds are told by the command line: router, pool manager, bot, broker, the harness, other.
 */
public class CpuByProcess {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    /** Tried in this order: the broker's command line names the bench jar too. */
    private static final List<Map.Entry<String, String>> KINDS = List.of(Map.entry("BrokerMain", "broker"),
            Map.entry("bot-worker", "bots"), Map.entry("request-router", "router"),
            Map.entry("pool-manager", "poolmgr"), Map.entry("warmpool-bench", "bench"));

    record Sample(String kind, long ticks) {
    }

    public static void main(String[] args) throws Exception {
        long intervalS = args.length > 0 ? Long.parseLong(args[0]) : 5;
        long t0 = System.nanoTime();
        Map<Long, Sample> previous = sample();
        while (true) {
            Thread.sleep(intervalS * 1000);
            Map<Long, Sample> now = sample();
            Map<String, Long> byKind = new TreeMap<>();
            Map<String, Integer> count = new HashMap<>();
            List<Long> bots = new ArrayList<>();
            now.forEach((pid, s) -> {
                Sample before = previous.get(pid);
                long used = s.ticks() - (before == null ? 0 : before.ticks());
                byKind.merge(s.kind(), used, Long::sum);
                count.merge(s.kind(), 1, Integer::sum);
                if (s.kind().equals("bots")) {
                    bots.add(used);
                }
            });
            previous.clear();
            previous.putAll(now);
            StringBuilder line = new StringBuilder(String.format("%5ds", (System.nanoTime() - t0) / 1_000_000_000L));
            byKind.forEach((kind, ticks) -> line.append(String.format(" %s=%d%%(%d)", kind, percent(ticks, intervalS),
                    count.get(kind))));
            line.append(" | busiest bots, %:");
            bots.stream().sorted(Comparator.reverseOrder()).limit(12).forEach(t -> line.append(' ').append(percent(t, intervalS)));
            System.out.println(line);
        }
    }

    private static long percent(long ticks, long intervalS) {
        return ticks * 100 / TICKS_PER_SECOND / intervalS;
    }

    private static Map<Long, Sample> sample() {
        Map<Long, Sample> out = new HashMap<>();
        long self = ProcessHandle.current().pid(); // it runs from the bench jar too: not "bench"
        for (long pid : ProcessTable.pids()) {
            if (pid == self) {
                continue;
            }
            try {
                out.put(pid, new Sample(kind(String.join(" ", ProcessTable.arguments(pid))), ProcessTable.cpuTicks(pid)));
            } catch (IOException | RuntimeException e) {
                // the process ended between the listing and the read
            }
        }
        return out;
    }

    private static String kind(String command) {
        if (!command.contains("java")) {
            return "other";
        }
        return KINDS.stream().filter(k -> command.contains(k.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other");
    }
}
