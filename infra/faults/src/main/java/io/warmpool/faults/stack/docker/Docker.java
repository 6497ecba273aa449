package io.warmpool.faults.stack.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, as an operator types it: every fault on a container and every
 * look at the engine goes through it, from outside the services.
 */
public final class Docker {
    static final Duration CALL = Duration.ofMinutes(2);
    /** {@code WARMPOOL_REQUIRE_DOCKER=1} (CI): a missing engine fails the Docker scenarios instead of skipping them. */
    public static final String REQUIRE_ENV = "WARMPOOL_REQUIRE_DOCKER";

    private Docker() {
    }

    /** Why the Docker scenarios cannot run on this machine, or empty when they can. */
    public static Optional<String> unavailable() {
        try {
            run(Duration.ofSeconds(20), "docker", "info", "--format", "{{.ServerVersion}}");
        } catch (IllegalStateException e) {
            return Optional.of("no Docker engine answers (docker info: " + e.getMessage() + ")");
        }
        try {
            run(Duration.ofSeconds(20), "docker-compose", "version", "--short");
        } catch (IllegalStateException e) {
            return Optional.of("docker-compose does not run (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Whether a missing engine is a failure here: {@code WARMPOOL_REQUIRE_DOCKER=1}. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ENV));
    }

    /** Runs {@code docker ARGS}; its standard output, trimmed. */
    public static String docker(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return run(CALL, command);
    }

    static String run(Duration timeout, String... command) {
        return run(null, Map.of(), timeout, List.of(command));
    }

    /** Runs {@code command} in {@code dir} with {@code env} added; its standard output, or the error it printed. */
    static String run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        String what = String.join(" ", command);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not return within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " exited " + p.exitValue() + ": " + err.join().trim());
            }
            return out.trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
