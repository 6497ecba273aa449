package io.warmpool.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How big one run is. The full run is what {@code docs/RELIABILITY.md} reports; {@code --quick}
 * (CI) runs every scenario briefly and proves only the targets that do not depend on timing.
 *
 * @param repo          the checkout whose service jars run ({@code --repo}, default the current folder)
 * @param rate          short sessions started per second, open model, during every scenario
 * @param longChats     chats that send a message every {@link #chatEvery} for the whole scenario
 * @param before        load before the fault; {@code after}: load after it ends
 * @param pauses        SIGSTOP lengths of scenario 1
 * @param kills         pool manager kills of scenario 2
 * @param malformed     malformed records per input topic (scenario 6)
 * @param abuse         abusive WebSocket connections (scenario 7), over {@code abuseWindow}
 * @param claims        forged, replayed and expired claims (scenario 8)
 * @param deadline      the router's session deadline; a client gives up on an answer {@link #grace} after it
 * @param docker        run the scenarios against the compose stack too ({@code --docker}; {@code docker-*} names)
 */
public record FaultOptions(boolean quick, Path out, Path repo, double rate, int longChats, Duration chatEvery,
                           Duration before, Duration after, List<Duration> pauses, int kills, int malformed,
                           int abuse, Duration abuseWindow, int claims, int minReady, int maxBots, long warmupMs,
                           Duration deadline, Duration grace, boolean docker) {

    public static FaultOptions full(Path out, Path repo) {
        return new FaultOptions(false, out, repo, 20, 10, Duration.ofSeconds(2), Duration.ofSeconds(8),
                Duration.ofSeconds(12), List.of(Duration.ofSeconds(6), Duration.ofSeconds(20), Duration.ofSeconds(60)),
                3, 10_000, 1_000, Duration.ofSeconds(20), 10_000, 5, 30, 1_000, Duration.ofSeconds(10),
                Duration.ofSeconds(10), false);
    }

    public static FaultOptions quick(Path out, Path repo) {
        return new FaultOptions(true, out, repo, 5, 3, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(6), List.of(Duration.ofSeconds(3)), 1, 300, 60, Duration.ofSeconds(4), 300, 3, 12,
                500, Duration.ofSeconds(10), Duration.ofSeconds(10), false);
    }

    /** The same run with another load: {@code --rate}, {@code --chats}. */
    public FaultOptions withLoad(double rate, int longChats) {
        return new FaultOptions(quick, out, repo, rate, longChats, chatEvery, before, after, pauses, kills, malformed,
                abuse, abuseWindow, claims, minReady, maxBots, warmupMs, deadline, grace, docker);
    }

    /** The same run with another pool floor: {@code --min}. */
    public FaultOptions withMinReady(int min) {
        if (min < 1 || min > maxBots) {
            throw new IllegalArgumentException("--min must be 1 to " + maxBots + ", got " + min);
        }
        return new FaultOptions(quick, out, repo, rate, longChats, chatEvery, before, after, pauses, kills, malformed,
                abuse, abuseWindow, claims, min, maxBots, warmupMs, deadline, grace, docker);
    }

    /** The same run with the compose stack's scenarios: {@code --docker}. */
    public FaultOptions withDocker() {
        return new FaultOptions(quick, out, repo, rate, longChats, chatEvery, before, after, pauses, kills, malformed,
                abuse, abuseWindow, claims, minReady, maxBots, warmupMs, deadline, grace, true);
    }

    /** How long a client waits for any answer: the router's deadline plus the grace. */
    public Duration clientTimeout() {
        return deadline.plus(grace);
    }
}
