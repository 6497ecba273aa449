package io.warmpool.faults.inject;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Abusive WebSocket clients against the router, spread evenly over a window: garbage frames,
 * oversize frames, message floods, clients that vanish mid-session, slow readers that never read,
 * half-open handshakes. Counts, per kind, how the router answered.
 */
public final class SocketAbuse {
    /** The abuses, used in turn. */
    public enum Kind { GARBAGE, OVERSIZE, FLOOD, VANISH, SLOW_READER, HALF_OPEN }

    private static final String MESSAGE = "{\"type\":\"message\",\"text\":\"hello\"}";

    /** Per kind: connections made, upgraded, answered with a frame, closed by the router, failed on our side. */
    public record Counts(AtomicInteger opened, AtomicInteger upgraded, AtomicInteger answered, AtomicInteger closed,
                         AtomicInteger failed) {
        Counts() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        }

        @Override
        public String toString() {
            return opened + " opened, " + upgraded + " upgraded, " + answered + " answered, " + closed
                    + " closed by the router, " + failed + " failed";
        }
    }

    private SocketAbuse() {
    }

    /** {@code n} abusive connections to {@code /chat?pool=POOL}, evenly over {@code window}, each holding up to {@code hold}. */
    public static Map<Kind, Counts> run(int port, String pool, int n, Duration window, Duration hold)
            throws InterruptedException {
        Map<Kind, Counts> counts = new ConcurrentHashMap<>();
        for (Kind k : Kind.values()) {
            counts.put(k, new Counts());
        }
        ExecutorService workers = Executors.newFixedThreadPool(64);
        long period = window.toNanos() / Math.max(1, n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            long wait = t0 + i * period - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            workers.execute(() -> abuse(kind, port, pool, hold, counts.get(kind)));
        }
        workers.shutdown();
        workers.awaitTermination(window.plus(hold).plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        return counts;
    }

    private static void abuse(Kind kind, int port, String pool, Duration hold, Counts c) {
        long answerWait = Math.max(3_000, hold.toMillis()); // the router's answer to a bad frame is an error or a close
        String head = RawWebSocket.requestHead("127.0.0.1", port, "/chat?pool=" + pool, Map.of());
        try (RawWebSocket ws = RawWebSocket.connect("127.0.0.1", port, kind == Kind.SLOW_READER ? 1024 : 0)) {
            c.opened.incrementAndGet();
            if (kind == Kind.HALF_OPEN) {
                ws.send(head); // never the blank line that ends the request
                note(ws.drain(hold.toMillis()), c);
                return;
            }
            if (ws.upgrade(head) != 101) {
                return;
            }
            c.upgraded.incrementAndGet();
            switch (kind) {
                case GARBAGE -> {
                    ws.text("not json at all");
                    ws.text("{\"type\":\"no-such-frame\"}");
                    ws.text("{}");
                    ws.frame(RawWebSocket.BINARY, new byte[] {0, 1, 2, (byte) 0xff});
                    note(ws.drain(answerWait), c);
                }
                case OVERSIZE -> {
                    ws.text("{\"type\":\"message\",\"text\":\"" + "x".repeat(200_000) + "\"}");
                    note(ws.drain(answerWait), c);
                }
                case FLOOD -> {
                    for (int i = 0; i < 200; i++) {
                        ws.text(MESSAGE);
                    }
                    note(ws.drain(answerWait), c);
                }
                case VANISH -> note(ws.drain(Math.min(1_500, hold.toMillis())), c); // queued, maybe assigned; then gone
                case SLOW_READER -> {
                    for (int i = 0; i < 20; i++) {
                        ws.text(MESSAGE);
                    }
                    Thread.sleep(hold.toMillis()); // never reads a byte
                }
                default -> throw new IllegalStateException("unknown abuse " + kind);
            }
        } catch (IOException e) {
            c.failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void note(RawWebSocket.Reply reply, Counts c) {
        if (!reply.text().isEmpty()) {
            c.answered.incrementAndGet();
        }
        if (reply.closed()) {
            c.closed.incrementAndGet();
        }
    }
}
