package io.warmpool.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A service's {@code main} as a child process on the test JVM's own class path, its output in a log file. */
public final class JavaProcess {
    private JavaProcess() {
    }

    public static Process start(Class<?> mainClass, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
