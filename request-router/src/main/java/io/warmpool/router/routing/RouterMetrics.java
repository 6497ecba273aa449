package io.warmpool.router.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.warmpool.events.ClaimRefusal;
import io.warmpool.router.session.Outcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's Prometheus meters: sessions by outcome (WebSocket and HTTP apart), time to assign, relay
 * traffic, open WebSockets.
 */
public final class RouterMetrics {
    private final MeterRegistry registry;
    private final Timer timeToAssign;
    private final Counter framesToBot;
    private final Counter framesToClient;
    private final Counter bytesToBot;
    private final Counter bytesToClient;
    private final AtomicInteger openWebSockets = new AtomicInteger();

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToAssign = Timer.builder("warmpool.router.time.to.assign")
                .description("From the client's WebSocket open to its assigned frame")
                .publishPercentileHistogram()
                .register(registry);
        this.framesToBot = frames("to_bot");
        this.framesToClient = frames("to_client");
        this.bytesToBot = bytes("to_bot");
        this.bytesToClient = bytes("to_client");
        registry.gauge("warmpool.router.websockets.open", openWebSockets);
    }

    private Counter frames(String direction) {
        return Counter.builder("warmpool.router.relay.frames").tag("direction", direction).register(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("warmpool.router.relay.bytes").tag("direction", direction).register(registry);
    }

    void outcome(Outcome outcome) {
        Counter.builder("warmpool.router.sessions").tag("outcome", outcome.label()).register(registry).increment();
    }

    /** An OpenAI-compatible HTTP session's outcome, counted apart from the WebSocket ones. */
    public void httpOutcome(Outcome outcome) {
        httpOutcome(outcome.label());
    }

    /** An HTTP request refused before it became a session: {@code refused_<why>} (bad_request, too_large, rate_limited). */
    public void httpRefused(String why) {
        httpOutcome("refused_" + why);
    }

    void claimFailed(ClaimRefusal reason) {
        Counter.builder("warmpool.router.claim.failures").description("Claims of assigned bots that failed")
                .tag("reason", reason.wire()).register(registry).increment();
    }

    private void httpOutcome(String label) {
        Counter.builder("warmpool.router.http.sessions").tag("outcome", label).register(registry).increment();
    }

    void assigned(long queuedMs) {
        timeToAssign.record(Duration.ofMillis(queuedMs));
    }

    void toBot(String frame) {
        framesToBot.increment();
        bytesToBot.increment(frame.length());
    }

    void toClient(String frame) {
        framesToClient.increment();
        bytesToClient.increment(frame.length());
    }

    void socketOpened() {
        openWebSockets.incrementAndGet();
    }

    void socketClosed() {
        openWebSockets.decrementAndGet();
    }
}
