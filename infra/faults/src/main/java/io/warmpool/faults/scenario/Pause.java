package io.warmpool.faults.scenario;

import io.warmpool.bench.stack.Service;
import java.time.Duration;

/** Scenario 1: SIGSTOP the broker or the pool manager for a while, then SIGCONT. */
public record Pause(String target, Duration length) implements Scenario {
    /** Long chats must survive pauses up to this; a longer one may end them (the targets). */
    private static final Duration CHATS_SURVIVE = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "1-" + target + "-" + length.toSeconds() + "s";
    }

    @Override
    public String fault() {
        return "SIGSTOP the " + target + " for " + length.toSeconds() + " s";
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Service s = target.equals("broker") ? c.stack().broker().process() : c.stack().poolManagers().get(0);
        long start = System.currentTimeMillis();
        s.pause();
        Scenario.sleep(length);
        s.resume();
        Fault f = Fault.of(start, System.currentTimeMillis());
        return length.compareTo(CHATS_SURVIVE) <= 0 ? f : f.chatsMayEnd();
    }
}
