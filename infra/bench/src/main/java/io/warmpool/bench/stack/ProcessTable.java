package io.warmpool.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OS process table, read from {@code /proc}: which bot processes of one run exist, found by the
 * marker the run puts on every bot's command line (the JDK's own view truncates long command
 * lines), and the CPU a process or thread has used, for the probes.
 */
public final class ProcessTable {
    private static final String BOT_ID = "-Dwarmpool.botId=";

    private ProcessTable() {
    }

    /** botId to pid of every live process whose command line holds {@code marker}. */
    public static Map<String, Long> bots(String marker) {
        Map<String, Long> found = new HashMap<>();
        for (long pid : pids()) {
            List<String> args = arguments(pid);
            if (args.contains(marker)) {
                String botId = args.stream().filter(a -> a.startsWith(BOT_ID)).findFirst()
                        .map(a -> a.substring(BOT_ID.length())).orElse("pid-" + pid);
                found.put(botId, pid);
            }
        }
        return found;
    }

    /** Every process id in {@code /proc} now. */
    public static List<Long> pids() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e, e);
        }
    }

    /** The process's command line, one argument per element; empty when it is gone or not ours to read. */
    public static List<String> arguments(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** utime + stime of the process, in clock ticks (fields 14 and 15 of {@code /proc/PID/stat}). */
    public static long cpuTicks(long pid) throws IOException {
        return cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime from a {@code stat} file of a process or of one of its threads ({@code task/TID/stat}). */
    public static long cpuTicks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
