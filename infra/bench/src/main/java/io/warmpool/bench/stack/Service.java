package io.warmpool.bench.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service process the suite started (broker, pool manager, router), with its log in a file.
 * Faults reach it from outside, as an operator's would: signals by pid. It remembers whether the
 * suite ended it on purpose, so a process that died on its own counts as crashed.
 */
public final class Service implements Part {
    private final String name;
    private final Process process;
    private final Path log;
    private volatile boolean endedOnPurpose;

    private Service(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with {@code env} added, output and errors appended to {@code log}. */
    public static Service start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new Service(name, pb.start(), log);
    }

    /** Wraps a process started elsewhere (the broker reads its own output first). */
    static Service of(String name, Process process, Path log) {
        return new Service(name, process, log);
    }

    @Override
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Dead without the suite having ended it. */
    public boolean crashed() {
        return !endedOnPurpose && !process.isAlive();
    }

    /** SIGSTOP: the process stays, every thread frozen, its sockets open. */
    @Override
    public void pause() {
        Signals.send("STOP", pid());
    }

    @Override
    public void resume() {
        Signals.send("CONT", pid());
    }

    @Override
    public void kill() throws InterruptedException {
        endedOnPurpose = true;
        Signals.send("KILL", pid());
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the orderly stop its main handles), SIGKILL after {@code grace}; true if it stopped in time. */
    public boolean stop(Duration grace) throws InterruptedException {
        endedOnPurpose = true;
        if (!process.isAlive()) {
            return true;
        }
        Signals.send("CONT", pid()); // a paused process cannot handle SIGTERM
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return false;
    }
}
