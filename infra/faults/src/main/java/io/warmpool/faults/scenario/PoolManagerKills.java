package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import io.warmpool.bench.stack.Part;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scenario 2a: kill -9 the pool manager under load, restart it, several times (a Kafka-style bounce). */
public record PoolManagerKills(int times, Duration between) implements Scenario {
    /** About how long a pool manager takes to be ready again, on a busy machine. */
    private static final Duration RESTART = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "2-pm-kill-x" + times;
    }

    @Override
    public String fault() {
        return "kill -9 the pool manager " + times + "x, restarted each time";
    }

    @Override
    public Duration length(FaultOptions o) {
        return RESTART.multipliedBy(times).plus(between.multipliedBy(times - 1));
    }

    @Override
    public Fault inject(Context c) throws Exception {
        List<String> notes = new ArrayList<>();
        long start = System.currentTimeMillis();
        long end = start;
        for (int i = 1; i <= times; i++) {
            Part pm = c.stack().poolManagers().get(0);
            long killed = System.currentTimeMillis();
            c.stack().killPoolManager(pm);
            c.stack().startPoolManager();
            end = System.currentTimeMillis();
            notes.add("kill " + i + ": the new pool manager was ready " + (end - killed) + " ms after the kill");
            if (i < times) {
                Scenario.sleep(between);
            }
        }
        return Fault.of(start, end, notes.toArray(String[]::new));
    }
}
