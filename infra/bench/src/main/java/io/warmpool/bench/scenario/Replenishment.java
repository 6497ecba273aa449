package io.warmpool.bench.scenario;

import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.EventTap;
import io.warmpool.bench.stack.Stack;
import io.warmpool.bench.stack.Wait;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scenario 3b: a burst of {@code minReady} sessions takes every READY bot (each retires after its
 * session), then the time until {@code minReady} new bots heartbeat READY, split with the bots' own
 * heartbeats into the provisioner's part (deficit to the bot's start) and the bot's own warm-up
 * ({@code startedAt} to {@code readyAt}).
 */
final class Replenishment {
    private final Stack stack;
    private final EventTap tap;
    private final Clients clients;
    private final int port;

    Replenishment(Stack stack, EventTap tap, Clients clients, int port) {
        this.stack = stack;
        this.tap = tap;
        this.clients = clients;
        this.port = port;
    }

    void run(int rounds, Results results) {
        List<Long> refill = new ArrayList<>();
        List<Long> spawnToStart = new ArrayList<>();
        List<Long> ownWarmup = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            stack.awaitReadyBots(ProcessPath.WARM, ProcessPath.MIN_READY, Duration.ofMinutes(2));
            Set<String> before = botsSeen();
            Progress.say("scenario 3b round %d/%d: a burst of %d sessions empties pool %s", round, rounds,
                    ProcessPath.MIN_READY, ProcessPath.WARM);
            long burstAt = System.currentTimeMillis();
            List<SessionResult> burst = ProcessPath.burst(clients, port, ProcessPath.WARM, ProcessPath.MIN_READY);
            Figures.outcomes(results, "burst" + round, burst);
            Map<String, BotHeartbeat> ready = new HashMap<>();
            Wait.until(ProcessPath.MIN_READY + " new READY bots", Duration.ofMinutes(2), () -> {
                newReady(before, burstAt).forEach(hb -> ready.putIfAbsent(hb.botId(), hb));
                return ready.size() >= ProcessPath.MIN_READY;
            });
            long readyAgainAt = lastRead(ready.keySet(), burstAt);
            refill.add(readyAgainAt - burstAt);
            Map<String, Long> deficits = tap.since(PoolDeficit.class, burstAt).stream()
                    .collect(Collectors.toMap(PoolDeficit::provisionId, PoolDeficit::emittedAt, (a, b) -> a));
            for (BotHeartbeat hb : ready.values()) {
                ownWarmup.add(hb.readyAt() - hb.startedAt());
                Long asked = deficits.get(hb.provisionId());
                if (asked != null) {
                    spawnToStart.add(hb.startedAt() - asked);
                }
            }
        }
        results.add(Figures.ofMillis("replenish.pool", "3b. burst to minReady READY again (process bots)", refill));
        results.add(Figures.ofMillis("replenish.spawn", "3b. deficit to bot process started (spawn + JVM boot)",
                spawnToStart));
        results.add(Figures.ofMillis("replenish.warmup", "3b. the bot's own start to READY (warm-up 3 s)",
                ownWarmup));
    }

    private Set<String> botsSeen() {
        return tap.since(BotHeartbeat.class, 0).stream().map(BotHeartbeat::botId).collect(Collectors.toSet());
    }

    private List<BotHeartbeat> newReady(Set<String> before, long since) {
        return tap.since(BotHeartbeat.class, since).stream()
                .filter(hb -> hb.pool().equals(ProcessPath.WARM) && hb.state() == BotState.READY
                        && !before.contains(hb.botId()))
                .toList();
    }

    /** When the harness read the first READY heartbeat of the last of {@code bots} to become READY. */
    private long lastRead(Set<String> bots, long since) {
        Map<String, Long> firstReady = new HashMap<>();
        for (EventTap.Seen s : tap.all()) {
            if (s.readAt() >= since && s.event() instanceof BotHeartbeat hb && hb.state() == BotState.READY
                    && bots.contains(hb.botId())) {
                firstReady.putIfAbsent(hb.botId(), s.readAt());
            }
        }
        return firstReady.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
