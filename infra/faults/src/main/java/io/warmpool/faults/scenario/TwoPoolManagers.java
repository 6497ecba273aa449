package io.warmpool.faults.scenario;

import io.warmpool.bench.stack.Part;
import io.warmpool.faults.stack.Stack;

/** Scenario 2b: two pool managers share the work; kill -9 the one that owns the pool, the survivor takes over. */
public record TwoPoolManagers() implements Scenario {
    @Override
    public String name() {
        return "2-pm-pair-kill";
    }

    @Override
    public String fault() {
        return "two pool managers; kill -9 the pool's owner, not restarted";
    }

    @Override
    public int poolManagers() {
        return 2;
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Part owner = c.stack().owner(Stack.POOL).orElse(null);
        if (owner == null) {
            owner = c.stack().poolManagers().get(0);
        }
        long start = System.currentTimeMillis();
        c.stack().killPoolManager(owner);
        return Fault.of(start, start, "killed " + owner.name() + " (the pool's owner by its /api/pools)");
    }
}
