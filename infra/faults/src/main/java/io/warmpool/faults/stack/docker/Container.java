package io.warmpool.faults.stack.docker;

import io.warmpool.bench.report.Progress;
import io.warmpool.bench.stack.Part;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One container of the stack under test, by id, reached from outside with the docker CLI. It
 * remembers whether the suite ended it on purpose, so a container that stopped on its own counts
 * as crashed.
 */
public final class Container implements Part {
    /** The exit code of a process ended by SIGKILL: {@code docker stop} ran out of grace. */
    private static final String KILLED = "137";

    private final String name;
    private final String id;
    private volatile boolean endedOnPurpose;
    private volatile boolean stopped;

    public Container(String name, String id) {
        this.name = name;
        this.id = id;
    }

    @Override
    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    /**
     * {@code docker pause}: every process of the container frozen (the cgroup freezer), its sockets
     * open. Where the engine cannot freeze (some nested or VM kernels: "unable to freeze"), SIGSTOP to
     * the container's main process instead, which in the warmpool images is the service's JVM.
     */
    @Override
    public void pause() {
        try {
            Docker.docker("pause", id);
            stopped = false;
        } catch (IllegalStateException cannotFreeze) {
            Progress.say("docker pause %s failed (%s): SIGSTOP to its main process instead", name,
                    cannotFreeze.getMessage().lines().findFirst().orElse(""));
            Docker.docker("kill", "--signal", "STOP", id);
            stopped = true;
        }
    }

    @Override
    public void resume() {
        if (stopped) {
            Docker.docker("kill", "--signal", "CONT", id);
        } else {
            Docker.docker("unpause", id);
        }
    }

    /** {@code docker kill}: SIGKILL to the container's process; the container stays, exited, to be started again. */
    @Override
    public void kill() {
        endedOnPurpose = true;
        Docker.docker("kill", id);
    }

    /** {@code docker start}: the same container (name, settings, published ports) again. */
    public void start() {
        Docker.docker("start", id);
        endedOnPurpose = false;
    }

    /** {@code docker restart}: SIGTERM, SIGKILL after {@code grace}, then started again. */
    public void restart(Duration grace) {
        Docker.docker("restart", "-t", Long.toString(grace.toSeconds()), id);
    }

    /** {@code docker stop}: SIGTERM, SIGKILL after {@code grace}; true if it stopped in time. */
    public boolean stop(Duration grace) {
        endedOnPurpose = true;
        Docker.docker("stop", "-t", Long.toString(grace.toSeconds()), id);
        return !KILLED.equals(Docker.docker("inspect", "-f", "{{.State.ExitCode}}", id));
    }

    /** Stopped without the suite having ended it. */
    public boolean crashed() {
        return !endedOnPurpose && !"true".equals(Docker.docker("inspect", "-f", "{{.State.Running}}", id));
    }

    /** Its output so far, into {@code file}, for the one who reads a missed target. */
    public void saveLog(Path file) throws InterruptedException {
        try {
            // The services log to standard error: both streams into the one file.
            Process logs = new ProcessBuilder("docker", "logs", "-t", id).redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start();
            if (!logs.waitFor(1, TimeUnit.MINUTES)) {
                logs.destroyForcibly();
            }
        } catch (IOException e) {
            // a log is a courtesy; the figures do not depend on it
        }
    }
}
