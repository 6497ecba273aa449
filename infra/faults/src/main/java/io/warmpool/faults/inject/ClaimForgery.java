package io.warmpool.faults.inject;

import io.warmpool.events.BotState;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.faults.stack.Recorder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Claims sent straight to bots' {@code /chat}, past the router: forged (another key), for another
 * bot, expired, and replayed (a valid claim for the session a busy bot is serving, presented again:
 * only to bots {@code held} by a long chat, which stay busy, so that a stale heartbeat never makes a
 * replay to a bot that is READY again, where the claim would rightly be accepted).
 * Counts the bots' answers per kind; an upgrade (101) is a claim accepted, which must never happen.
 */
public final class ClaimForgery {
    /** The claims, sent in turn. */
    public enum Kind { FORGED, WRONG_BOT, EXPIRED, REPLAYED }

    private static final ClaimKey WRONG_KEY = ClaimKey.of("not-the-claim-key-of-this-install");

    private ClaimForgery() {
    }

    /** Per kind, HTTP status to count. {@code bots} gives the latest heartbeats when each claim is made. */
    public static Map<Kind, Map<Integer, AtomicInteger>> run(int n, ClaimKey key,
                                                             Supplier<Map<String, Recorder.Beat>> bots,
                                                             Predicate<String> held)
            throws InterruptedException {
        Map<Kind, Map<Integer, AtomicInteger>> answers = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        for (int w = 0; w < 4; w++) {
            workers.execute(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Kind kind = Kind.values()[i % Kind.values().length];
                    int status = send(kind, key, bots.get(), held, i);
                    answers.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.MINUTES);
        return answers;
    }

    /** The bot's answer, -1 when there was no bot to send to or it did not answer. */
    private static int send(Kind kind, ClaimKey key, Map<String, Recorder.Beat> latest, Predicate<String> held,
                            int i) {
        List<Recorder.Beat> live = latest.values().stream().filter(b -> b.host() != null
                && (kind == Kind.REPLAYED ? b.state() == BotState.BUSY && b.sessionId() != null && held.test(b.botId())
                : b.state() == BotState.READY || b.state() == BotState.BUSY)).toList();
        if (live.isEmpty()) {
            return -1;
        }
        Recorder.Beat bot = live.get(i % live.size());
        long now = System.currentTimeMillis();
        Claim claim = switch (kind) {
            case FORGED -> Claim.sign(WRONG_KEY, UUID.randomUUID().toString(), bot.botId(), now + 60_000);
            case WRONG_BOT -> Claim.sign(key, UUID.randomUUID().toString(), "no-such-bot", now + 60_000);
            case EXPIRED -> Claim.sign(key, UUID.randomUUID().toString(), bot.botId(), now - 60_000);
            case REPLAYED -> Claim.sign(key, bot.sessionId(), bot.botId(), now + 60_000);
        };
        try (RawWebSocket ws = RawWebSocket.connect(bot.host(), bot.port(), 0)) {
            return ws.upgrade(RawWebSocket.requestHead(bot.host(), bot.port(), "/chat",
                    Map.of(Claim.HEADER, claim.token())));
        } catch (IOException e) {
            return -1;
        }
    }
}
