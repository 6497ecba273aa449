package io.warmpool.bench.stack;

/**
 * A part of the stack under test that faults reach from outside, as an operator's would: a service
 * process or container (broker, pool manager, router) or a bot. A process takes signals by pid; a
 * container takes {@code docker pause}, {@code unpause} and {@code kill}.
 */
public interface Part {
    String name();

    /** Frozen, its sockets left open: SIGSTOP, or {@code docker pause}. */
    void pause();

    void resume();

    /** SIGKILL: no shutdown hook, no goodbye; what it held is left as it was. */
    void kill() throws InterruptedException;

    /** A bot process known only by its pid (the pool manager started it). */
    static Part process(String name, long pid) {
        record Pid(String name, long pid) implements Part {
            @Override
            public void pause() {
                Signals.send("STOP", pid);
            }

            @Override
            public void resume() {
                Signals.send("CONT", pid);
            }

            @Override
            public void kill() {
                Signals.send("KILL", pid);
            }
        }
        return new Pid(name, pid);
    }
}
