package io.warmpool.poolmanager.app;

import static io.warmpool.poolmanager.app.KafkaWorld.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.SessionRequested;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Measures, not asserts, the in-process assignment latency: from a request's {@code requestedAt} to
 * its {@code bot.assigned} read back by a consumer, through the real broker with the allocator
 * running. Requests go one at a time, each after the previous answer, with READY bots to spare.
 * The figures are printed to the test output (target/failsafe-reports/*AssignLatencyIT-output.txt).
 */
@WithKafka
class AssignLatencyIT {
    private static final int WARMUP = 100;
    private static final int MEASURED = 1_000;

    @Test
    void measuresAssignmentLatency(KafkaBroker broker) throws Exception {
        try (KafkaWorld world = new KafkaWorld(broker, "latencyit.")) {
            Map<String, Long> received = new ConcurrentHashMap<>();
            world.onSeen(s -> {
                if (s.event() instanceof BotAssigned a) {
                    received.put(a.sessionId(), s.receivedAt());
                }
            });
            // Bots never go silent or claim here: a long heartbeat and claim timeout keep them all usable.
            try (AllocatorRun run = AllocatorRun.start(broker.bootstrapServers(), world, "alloc-bench",
                    "bench:min=0,max=5000,queue=10,heartbeat=600000,claimTimeout=600000")) {
                run.awaitOwns(world, "bench");
                int bots = WARMUP + MEASURED + 10;
                for (int i = 1; i <= bots; i++) {
                    world.beat("bench-" + i, "bench", BotState.READY, null, null);
                }
                await("all bots known", Duration.ofSeconds(60), () -> world.events(PoolStatus.class).stream()
                        .anyMatch(s -> s.snapshot().ready() == bots));

                long[] latencies = new long[MEASURED];
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    String session = "s" + i;
                    long requestedAt = System.currentTimeMillis();
                    world.send(SessionRequested.of(session, "bench", "router-1", 1, requestedAt,
                            requestedAt + 30_000));
                    await("bot.assigned for " + session, Duration.ofSeconds(30),
                            () -> received.containsKey(session));
                    if (i >= WARMUP) {
                        latencies[i - WARMUP] = received.get(session) - requestedAt;
                    }
                }

                Arrays.sort(latencies);
                System.out.printf("assignment latency over %d requests (after %d warm-up): p50 %d ms, "
                                + "p99 %d ms, max %d ms, mean %.2f ms%n", MEASURED, WARMUP,
                        latencies[MEASURED / 2 - 1], latencies[(int) Math.ceil(MEASURED * 0.99) - 1],
                        latencies[MEASURED - 1], Arrays.stream(latencies).average().orElseThrow());
                assertThat(received).hasSize(WARMUP + MEASURED);
            }
        }
    }
}
