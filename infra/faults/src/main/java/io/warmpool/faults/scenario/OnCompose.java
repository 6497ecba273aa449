package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import java.time.Duration;
import java.util.List;

/**
 * A scenario run against the compose stack instead of processes: the same fault, load and counting,
 * with the services and bots as containers (a pause is {@code docker pause}, a kill {@code docker
 * kill}, a restart {@code docker start} or {@code docker restart}). Named {@code docker-} and the
 * scenario's own name.
 */
public record OnCompose(Scenario scenario) implements Scenario {
    public static final String PREFIX = "docker-";

    @Override
    public String name() {
        return PREFIX + scenario.name();
    }

    @Override
    public String fault() {
        return scenario.fault() + "; compose stack, bots as containers";
    }

    @Override
    public boolean onCompose() {
        return true;
    }

    @Override
    public Duration length(FaultOptions o) {
        return scenario.length(o);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        return scenario.inject(c);
    }

    @Override
    public List<Check> checks(Context c) throws Exception {
        return scenario.checks(c);
    }
}
