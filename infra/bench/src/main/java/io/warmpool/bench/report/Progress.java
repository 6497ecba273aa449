package io.warmpool.bench.report;

/** The one progress line per step that a run prints, with the seconds since the run began. */
public final class Progress {
    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    public static void say(String format, Object... args) {
        System.out.printf("[bench %6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, String.format(format, args));
    }
}
