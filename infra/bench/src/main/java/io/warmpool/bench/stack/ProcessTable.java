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
 * marker the run puts on every bot's command line. The JDK's own view truncates long command lines.
 */
public final class ProcessTable {
    private static final String BOT_ID = "-Dwarmpool.botId=";

    private ProcessTable() {
    }

    /** botId to pid of every live process whose command line holds {@code marker}. */
    public static Map<String, Long> bots(String marker) {
        Map<String, Long> found = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                List<String> args = arguments(p);
                if (args.contains(marker)) {
                    String botId = args.stream().filter(a -> a.startsWith(BOT_ID)).findFirst()
                            .map(a -> a.substring(BOT_ID.length())).orElse("pid-" + p.getFileName());
                    found.put(botId, Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e, e);
        }
        return found;
    }

    private static List<String> arguments(Path proc) {
        try {
            String raw = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of(); // gone meanwhile, or not ours to read
        }
    }
}
