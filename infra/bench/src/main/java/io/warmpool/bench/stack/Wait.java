package io.warmpool.bench.stack;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every 10 ms until it holds or the time is up (then fails, naming what it waited for). */
public final class Wait {
    private Wait() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // not up yet
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " within " + timeout, last);
    }
}
