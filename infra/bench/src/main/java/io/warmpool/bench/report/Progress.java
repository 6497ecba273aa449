package io.warmpool.bench.report;

/** The one progress line per step that a run prints, with the seconds since the run began. */
public final class Progress {
    private static final long STARTED = System.nanoTime();
    private static volatile String tool = "bench";

    private Progress() {
    }

    /** Names the tool at the head of each line (default {@code bench}). */
    public static void tool(String name) {
        tool = name;
    }

    public static void say(String format, Object... args) {
        System.out.printf("[%s %6.1fs] %s%n", tool, (System.nanoTime() - STARTED) / 1e9, String.format(format, args));
    }
}
