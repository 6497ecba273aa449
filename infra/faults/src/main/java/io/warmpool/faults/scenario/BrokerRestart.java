package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import java.time.Duration;

/** Scenario 5: stop the broker (SIGTERM, clean) and start it again on the same data and port. */
public record BrokerRestart() implements Scenario {
    private static final long SERVING_AFTER_BROKER_MS = 5_000;

    @Override
    public String name() {
        return "5-broker-restart";
    }

    @Override
    public String fault() {
        return "stop the broker, start it on the same data";
    }

    @Override
    public Duration length(FaultOptions o) {
        return Duration.ofSeconds(20);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        long start = System.currentTimeMillis();
        c.stack().restartBroker();
        long end = System.currentTimeMillis();
        return Fault.of(start, end, "broker down and back in " + (end - start) + " ms")
                .recoveryWithin(SERVING_AFTER_BROKER_MS);
    }
}
