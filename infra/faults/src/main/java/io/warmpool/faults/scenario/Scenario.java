package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import java.time.Duration;
import java.util.List;

/** One fault injected from outside into a stack under load. */
public interface Scenario {
    /** Short name for {@code --only} and the table, e.g. {@code 1-broker-6s}. */
    String name();

    /** The fault in words, for the report. */
    String fault();

    default int poolManagers() {
        return 1;
    }

    /** Runs against the compose stack (containers) rather than processes. */
    default boolean onCompose() {
        return false;
    }

    /** About how long the fault itself lasts, for the run's estimate up front. */
    default Duration length(FaultOptions o) {
        return Duration.ZERO;
    }

    /** Injects the fault and returns once it is over (the broker back, the process continued...). */
    Fault inject(Context c) throws Exception;

    /** Targets of this scenario alone, checked after the load has stopped and before the stack stops. */
    default List<Check> checks(Context c) throws Exception {
        return List.of();
    }

    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
