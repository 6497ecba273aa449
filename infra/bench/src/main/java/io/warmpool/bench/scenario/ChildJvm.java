package io.warmpool.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of this class path in a JVM of its own, the way its own script would. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static ProcessBuilder command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs to the end (killed after {@code timeout}) and returns what it printed, stderr included. */
    static String run(Duration timeout, String mainClass, String... args) throws IOException, InterruptedException {
        Process p = command(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), mainClass, args)
                .redirectErrorStream(true).start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly(); // ends the read below too
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "bench-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(mainClass + " failed:\n" + out);
            }
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
