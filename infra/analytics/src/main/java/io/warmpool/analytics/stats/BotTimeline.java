package io.warmpool.analytics.stats;

import io.warmpool.events.BotHeartbeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Bot time from heartbeats: a heartbeat stands for its state until the bot's next heartbeat, but
 * for at most {@code maxGapMs}, so that the silence of a stalled or dead bot is not counted as
 * live. The span is cut at window boundaries (windows start at multiples of {@code windowMs}, as
 * Kafka Streams' tumbling windows do) so that each piece lands in its own window.
 */
public final class BotTimeline {
    private final long windowMs;
    private final long maxGapMs;

    public BotTimeline(long windowMs, long maxGapMs) {
        this.windowMs = windowMs;
        this.maxGapMs = maxGapMs;
    }

    /** Whether {@code next} comes after {@code previous}; a stale or repeated heartbeat does not. */
    public static boolean isNewer(BotMark previous, BotHeartbeat next) {
        return next.seq() > previous.seq() && next.sentAt() >= previous.at();
    }

    /** The time {@code previous} stands for, now that {@code next} came, cut at window boundaries. */
    public List<Fact.Timed> between(BotMark previous, BotHeartbeat next) {
        long end = Math.min(next.sentAt(), previous.at() + maxGapMs);
        List<Fact.Timed> pieces = new ArrayList<>();
        for (long start = previous.at(); start < end; ) {
            long cut = Math.min(end, Math.floorDiv(start, windowMs) * windowMs + windowMs);
            pieces.add(new Fact.Timed(start, new Fact.BotTime(previous.state(), cut - start)));
            start = cut;
        }
        return pieces;
    }
}
