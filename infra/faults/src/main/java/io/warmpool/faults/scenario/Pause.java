package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import io.warmpool.bench.stack.Part;
import java.time.Duration;

/** Scenario 1: pause the broker or the pool manager for a while (SIGSTOP, or docker pause), then resume it. */
public record Pause(String target, Duration length) implements Scenario {
    /** Long chats must survive pauses up to this; a longer one may end them (the targets). */
    private static final Duration CHATS_SURVIVE = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "1-" + target + "-" + length.toSeconds() + "s";
    }

    @Override
    public String fault() {
        return "pause the " + target + " for " + length.toSeconds() + " s (SIGSTOP, or docker pause), then resume it";
    }

    @Override
    public Duration length(FaultOptions o) {
        return length;
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Part s = target.equals("broker") ? c.stack().broker() : c.stack().poolManagers().get(0);
        long start = System.currentTimeMillis();
        s.pause();
        Scenario.sleep(length);
        s.resume();
        Fault f = Fault.of(start, System.currentTimeMillis());
        return length.compareTo(CHATS_SURVIVE) <= 0 ? f : f.chatsMayEnd();
    }
}
