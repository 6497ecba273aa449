package io.warmpool.faults.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A chat that lasts the whole scenario through the router: once assigned it sends a message every
 * few seconds until the suite ends it. Anything that ends it before that (an {@code ended} frame,
 * a rejection, the socket closing) is the system ending it, and is recorded with when and why.
 */
public final class LongChat {
    private static final String MESSAGE = new JsonObject().put("type", "message").put("text", "Still there?").encode();
    private static final String END = "{\"type\":\"end\"}";
    /** How a chat ended that got no {@code ended} frame within 10 s of its {@code end}. */
    public static final String NO_ENDED = "no ended frame after end";

    private final Vertx vertx;
    private final Promise<Void> over = Promise.promise();
    private WebSocket socket;
    private long ticker = -1;
    private volatile String botId;
    private volatile long assignedAt = -1;
    private volatile long endedAt = -1;
    private volatile String endedHow;
    private volatile boolean endedByUs;
    private volatile int replies;

    private LongChat(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Opens {@code /chat?pool=POOL} on the router; the chat sends a message every {@code every} once assigned. */
    public static LongChat open(Vertx vertx, WebSocketClient client, int port, String pool, Duration every) {
        LongChat chat = new LongChat(vertx);
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/chat?pool=" + pool)).onComplete(ar -> {
                    if (ar.failed()) {
                        chat.end("connect failed: " + ar.cause().getMessage());
                        return;
                    }
                    chat.socket = ar.result();
                    chat.socket.textMessageHandler(text -> chat.onText(text, every));
                    chat.socket.closeHandler(v -> chat.end("socket closed"));
                });
        return chat;
    }

    private void onText(String text, Duration every) {
        JsonObject frame = new JsonObject(text);
        switch (frame.getString("type", "")) {
            case "assigned" -> {
                botId = frame.getString("botId");
                assignedAt = System.currentTimeMillis();
                socket.writeTextMessage(MESSAGE);
                ticker = vertx.setPeriodic(every.toMillis(), t -> socket.writeTextMessage(MESSAGE));
            }
            case "reply" -> replies++;
            case "ended" -> end("ended: " + frame.getString("reason", "?"));
            case "rejected" -> end("rejected: " + frame.getString("reason", "?"));
            default -> { } // queued, tokens, recoverable errors
        }
    }

    private void end(String how) {
        if (endedAt >= 0) {
            return;
        }
        endedHow = how;
        endedAt = System.currentTimeMillis();
        if (ticker >= 0) {
            vertx.cancelTimer(ticker);
        }
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
        over.tryComplete();
    }

    /** The suite's own end: sends {@code end} and waits (bounded) for the chat to be over. */
    public Future<Void> finish() {
        if (endedAt < 0) {
            endedByUs = true;
            vertx.runOnContext(v -> {
                if (socket != null && !socket.isClosed() && endedAt < 0) {
                    socket.writeTextMessage(END);
                    vertx.setTimer(10_000, t -> end(NO_ENDED));
                } else {
                    end("never connected");
                }
            });
        }
        return over.future();
    }

    public String botId() {
        return botId;
    }

    public long assignedAt() {
        return assignedAt;
    }

    /** When the chat was over for the client, or -1 while it goes on. */
    public long endedAt() {
        return endedAt;
    }

    public String endedHow() {
        return endedHow;
    }

    public int replies() {
        return replies;
    }

    /** Chatting with a bot at {@code t} (epoch millis). */
    public boolean aliveAt(long t) {
        return assignedAt >= 0 && assignedAt <= t && (endedAt < 0 || endedAt > t);
    }

    /** Ended before the suite ended it. */
    public boolean endedBySystem() {
        return endedAt >= 0 && !endedByUs;
    }
}
