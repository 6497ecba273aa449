package io.warmpool.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * How big one run is. The full run is what {@code docs/BENCHMARKS.md} reports; {@code --quick} is
 * a smoke test for CI that only proves every scenario runs and produces numbers.
 *
 * @param warmRate        session starts per second for the in-JVM scenarios 1 and 2 (open model)
 * @param warmBots        in-JVM bots (reuse on) behind the router for the in-JVM scenarios 1, 2 and 3
 * @param throughputSteps offered session starts per second, tried in order until one fails (in-JVM)
 * @param userBots        minReady of the users' pool (process bots, reuse on); its max is 1.5 times that
 * @param firstSeconds    how long the first load after READY lasts, at the first of {@code userRates}
 * @param userRates       warm rates measured on the users' pool, {@code userSeconds} each
 * @param userSteps       offered rates of the sustained-rate ladder on the users' pool
 * @param burstMinReady   minReady of the burst pool (retire policy); each burst is twice that
 * @param idleSockets     connection counts at which the router's heap is measured
 */
public record BenchOptions(boolean quick, Path out, int floorMessages, int warmup, int warmSessions, double warmRate,
                           int warmBots, int directBots, List<Integer> throughputSteps, int stepSeconds,
                           int userBots, int firstSeconds, List<Integer> userRates, int userSeconds,
                           List<Integer> userSteps, int burstMinReady, int burstRounds,
                           int coldSessions, double coldRate, int replenishRounds, List<Integer> idleSockets) {

    public static BenchOptions full(Path out) {
        return new BenchOptions(false, out, 10_000, 1_000, 2_000, 50, 100, 8,
                List.of(25, 50, 100, 200, 400, 800, 1000, 1200, 1500, 2000), 5,
                20, 30, List.of(20, 50), 30, List.of(50, 100, 200, 400, 800), 5, 3,
                8, 0.2, 3, List.of(1_000, 5_000));
    }

    /** The same run with other warm rates for the users' pool, in this order (a rate may come again). */
    public BenchOptions withUserRates(List<Integer> rates) {
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r <= 0)) {
            throw new IllegalArgumentException("warm rates must be positive sessions per second, got " + rates);
        }
        return new BenchOptions(quick, out, floorMessages, warmup, warmSessions, warmRate, warmBots, directBots,
                throughputSteps, stepSeconds, userBots, firstSeconds, List.copyOf(rates), userSeconds, userSteps,
                burstMinReady, burstRounds, coldSessions, coldRate, replenishRounds, idleSockets);
    }

    public static BenchOptions quick(Path out) {
        return new BenchOptions(true, out, 300, 20, 60, 20, 8, 4, List.of(50, 100), 2,
                3, 3, List.of(20, 50), 2, List.of(20), 2, 1,
                2, 0.5, 1, List.of(100, 300));
    }
}
