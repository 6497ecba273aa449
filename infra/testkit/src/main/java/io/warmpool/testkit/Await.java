package io.warmpool.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling, and fails with a description when the time is up: tests
 * wait for what they mean, never for a fixed time.
 */
public final class Await {
    private static final long POLL_MS = 20;

    private Await() {
    }

    /** The first value {@code probe} yields, polling until {@code timeout}. */
    public static <T> T until(Supplier<Optional<T>> probe, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Optional<T> value = probe.get(); ; value = probe.get()) {
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get() + " (waited " + timeout.toMillis() + " ms)");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.get(), e);
            }
        }
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        until(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout, failure);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(condition, timeout, () -> "timed out waiting for " + what);
    }
}
