package io.warmpool.router.it;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measures, and prints, the time from a client's WebSocket open to its {@code assigned} frame with a
 * warm pool (reuse policy, so bots come back READY), over {@code warmpool.bench.sessions} sessions
 * one after another. A measurement for the issue note, not a test: it asserts nothing about speed.
 * Run: {@code mvn -B -pl request-router verify -Dit.test=AssignLatencyIT -Dwarmpool.bench=true}
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@EnabledIfSystemProperty(named = "warmpool.bench", matches = "true")
class AssignLatencyIT {
    @Test
    void timeFromOpenToAssignedWithAWarmPool(KafkaBroker broker, Vertx vertx) {
        int sessions = Integer.getInteger("warmpool.bench.sessions", 500);
        int warmup = 50;
        try (Stack stack = new Stack(broker, "latency-it.", vertx)) {
            stack.allocator("default:min=4,max=8,reuse=true", "WARMPOOL_BOT_REUSE", "true");
            stack.bots(4, true);
            RouterVerticle router = stack.router();
            long[] micros = new long[sessions];
            for (int i = 0; i < warmup + sessions; i++) {
                ChatClient chat = stack.chat(router, "/chat");
                chat.expect("queued");
                chat.expect("assigned");
                long took = (System.nanoTime() - chat.openedAt) / 1_000;
                if (i >= warmup) {
                    micros[i - warmup] = took;
                }
                chat.end();
                chat.expect("ended");
                chat.awaitClose();
            }
            Arrays.sort(micros);
            System.out.printf("BENCH open->assigned over %d sessions (after %d warm-up): median %.2f ms, "
                            + "p99 %.2f ms, min %.2f ms, max %.2f ms%n", sessions, warmup,
                    micros[sessions / 2] / 1000.0, micros[(int) Math.ceil(sessions * 0.99) - 1] / 1000.0,
                    micros[0] / 1000.0, micros[sessions - 1] / 1000.0);
        }
    }
}
