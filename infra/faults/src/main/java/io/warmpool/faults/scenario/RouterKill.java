package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import java.time.Duration;

/** Scenario 3: kill -9 the router with sessions open, start it again on its port. */
public record RouterKill() implements Scenario {
    @Override
    public String name() {
        return "3-router-kill";
    }

    @Override
    public String fault() {
        return "kill -9 the router with sessions open, restarted";
    }

    @Override
    public Duration length(FaultOptions o) {
        return Duration.ofSeconds(10);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        long start = System.currentTimeMillis();
        c.stack().router().kill();
        c.stack().startRouter();
        long end = System.currentTimeMillis();
        // A chat ends with its router's socket: that is the expected end here, not a loss.
        return Fault.of(start, end, "router back (ready) " + (end - start) + " ms after the kill").chatsMayEnd();
    }
}
