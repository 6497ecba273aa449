package io.warmpool.bot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.warmpool.events.BotState;
import java.time.Duration;
import java.util.function.Supplier;

/** The bot's Prometheus meters: replies by outcome, tokens, reply latency, and its state (1 for the current one). */
public final class BotMetrics {
    private final Counter replies;
    private final Counter failedReplies;
    private final Counter tokens;
    private final Timer latency;

    public BotMetrics(MeterRegistry registry, Supplier<BotState> state) {
        replies = Counter.builder("warmpool.bot.replies").tag("outcome", "ok").register(registry);
        failedReplies = Counter.builder("warmpool.bot.replies").tag("outcome", "failed").register(registry);
        tokens = Counter.builder("warmpool.bot.tokens").description("reply pieces streamed").register(registry);
        latency = Timer.builder("warmpool.bot.reply.latency").description("from user message to whole reply")
                .register(registry);
        for (BotState s : BotState.values()) {
            Gauge.builder("warmpool.bot.state", () -> state.get() == s ? 1 : 0).tag("state", s.name())
                    .register(registry);
        }
    }

    public void token() {
        tokens.increment();
    }

    public void replied(Duration took) {
        replies.increment();
        latency.record(took);
    }

    public void replyFailed() {
        failedReplies.increment();
    }
}
