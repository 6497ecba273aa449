package io.warmpool.faults.stack;

import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.Part;
import io.warmpool.bench.stack.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One installation under test, as the scenarios see it, whatever runs it: the service jars in JVMs of
 * their own with process bots ({@link FaultStack}), or the compose stack with bots as containers
 * ({@link io.warmpool.faults.stack.docker.ComposeStack}). The load, the recorder and the tally do
 * not know which.
 */
public interface Stack extends AutoCloseable {
    /** The pool every scenario's load asks for. */
    String POOL = "faults";

    /** The installation as seen from this host: the bootstrap the suite's own clients use, topics, claim key. */
    Installation installation();

    Recorder recorder();

    int routerPort();

    Part broker();

    /** Stops the broker cleanly and starts it on the same data; returns once it serves again. */
    void restartBroker() throws Exception;

    Part router();

    /** Starts the router again on its port (after a kill), once it reports ready. */
    void startRouter() throws Exception;

    List<? extends Part> poolManagers();

    /** Starts a pool manager (a new process, or the killed container again), once it reports ready. */
    Part startPoolManager() throws Exception;

    /** Ends {@code pm} with SIGKILL, leaving its bots as a crash leaves them. */
    void killPoolManager(Part pm) throws InterruptedException;

    /** The pool manager whose allocator owns {@code pool} now. */
    Optional<? extends Part> owner(String pool);

    /** The installation's live bots, by botId. */
    Map<String, Part> bots();

    /** What stopping the stack found: services that had died on their own, bot processes or containers left. */
    record Stopped(List<String> crashed, List<String> hung, int botsLeft) {
    }

    /** Stops router and pool managers the orderly way, then counts this stack's bots still there (and removes them). */
    Stopped stop() throws Exception;

    /** Waits until the allocator's pool.status reports at least {@code minReady} READY bots. */
    default void awaitMinReady(int minReady, Duration timeout) {
        Wait.until(minReady + " READY bots in " + installation().topics().prefix() + POOL, timeout, () -> {
            List<Recorder.Status> s = recorder().statuses();
            return !s.isEmpty() && s.get(s.size() - 1).ready() >= minReady;
        });
    }
}
