package io.warmpool.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the figures were measured on, read from the JVM and {@code /proc}. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        return String.format("%s, %d cores visible to the JVM, %s RAM; %s %s (%s); %s %s; load average at start %s",
                proc("/proc/cpuinfo", "model name"), Runtime.getRuntime().availableProcessors(),
                proc("/proc/meminfo", "MemTotal"), System.getProperty("os.name"), System.getProperty("os.version"),
                firstLine("/etc/debian_version", "Debian ?"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), loadAverage());
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    public static String loadAverage() {
        String[] fields = firstLine("/proc/loadavg", "? ? ?").split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "?";
    }

    private static String proc(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(String file, String fallback) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.findFirst().orElse(fallback).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
