package io.warmpool.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import java.util.UUID;

/**
 * One scripted chat client (docs/ARCHITECTURE.md, client protocol): through the router it waits for
 * {@code assigned}; straight to a bot it presents a claim, as the router would. Then it either ends
 * at once or says one message, times its first token, reads the reply and ends. Runs on the
 * socket's event loop; every session ends, at the latest on its timeout.
 */
public final class ChatSession {
    /** What the client does once it has a bot. */
    public enum Script { END_AT_ONCE, ONE_MESSAGE }

    private static final String END = "{\"type\":\"end\"}";
    private static final String MESSAGE = new JsonObject().put("type", "message").put("text", "Hello!").encode();

    private final Vertx vertx;
    private final long intendedStart;
    private final Script script;
    private final long timeoutMs;
    private final Promise<SessionResult> done = Promise.promise();
    private WebSocket socket;
    private long timer = -1;
    private long toAssigned = -1;
    private long sentAt = -1;
    private long toFirstToken = -1;
    private String botId;
    private long assignedAt = -1;
    private long releasedAt = -1;
    /** What this client saw and did, with milliseconds since its start: told when it fails. */
    private final StringBuilder trail = new StringBuilder();
    private final long openedAt = System.nanoTime();
    private String lastMark = "";

    private ChatSession(Vertx vertx, long intendedStart, Script script, long timeoutMs) {
        this.vertx = vertx;
        this.intendedStart = intendedStart;
        this.script = script;
        this.timeoutMs = timeoutMs;
    }

    /** A client of the router's {@code /chat?pool=POOL}. */
    public static Future<SessionResult> viaRouter(Vertx vertx, WebSocketClient client, int port, String pool,
                                                  long intendedStart, Script script, long timeoutMs) {
        ChatSession s = new ChatSession(vertx, intendedStart, script, timeoutMs);
        s.open(client, options("127.0.0.1", port, "/chat?pool=" + pool, timeoutMs), false);
        return s.done.future();
    }

    /** A client of the bot itself, with a claim signed the way the router signs it (claim included). */
    public static Future<SessionResult> direct(Vertx vertx, WebSocketClient client, BotAddress bot, ClaimKey key,
                                               Script script, long intendedStart, long timeoutMs) {
        ChatSession s = new ChatSession(vertx, intendedStart, script, timeoutMs);
        s.botId = bot.botId();
        Claim claim = Claim.sign(key, UUID.randomUUID().toString(), bot.botId(),
                System.currentTimeMillis() + timeoutMs);
        s.open(client, options("127.0.0.1", bot.port(), "/chat", timeoutMs).addHeader(Claim.HEADER, claim.token()),
                true);
        return s.done.future();
    }

    private static WebSocketConnectOptions options(String host, int port, String uri, long timeoutMs) {
        return new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
                .setConnectTimeout(timeoutMs).setTimeout(timeoutMs);
    }

    private void open(WebSocketClient client, WebSocketConnectOptions options, boolean direct) {
        // A handshake nobody answers (a port proxy in front of a server that is not there yet) is a
        // refused connection, whatever the client library's own timeouts do with it.
        timer = vertx.setTimer(timeoutMs, t -> finish(SessionResult.Outcome.FAILED,
                SessionResult.NO_UPGRADE + " within " + timeoutMs + " ms"));
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                finish(SessionResult.Outcome.FAILED, "connect: " + ar.cause());
                return;
            }
            if (done.future().isComplete()) {
                ar.result().close();
                return;
            }
            vertx.cancelTimer(timer);
            socket = ar.result();
            mark("open");
            timer = vertx.setTimer(timeoutMs, t -> finish(SessionResult.Outcome.FAILED, SessionResult.TIMED_OUT));
            socket.textMessageHandler(this::onText);
            socket.closeHandler(v -> finish(SessionResult.Outcome.FAILED, SessionResult.CLOSED_EARLY));
            if (direct) {
                assigned();
            }
        });
    }

    private void onText(String text) {
        JsonObject frame = new JsonObject(text);
        String type = frame.getString("type", "");
        mark(type);
        switch (type) {
            case "queued" -> { }
            case "assigned" -> {
                botId = frame.getString("botId");
                assigned();
            }
            case "token" -> {
                if (toFirstToken < 0) {
                    toFirstToken = System.nanoTime() - sentAt;
                }
            }
            case "reply" -> release();
            case "ended" -> finish(SessionResult.Outcome.COMPLETED, "");
            case "rejected" -> finish(SessionResult.Outcome.REJECTED, frame.getString("reason", "?"));
            default -> finish(SessionResult.Outcome.FAILED, "unexpected frame " + text);
        }
    }

    private void assigned() {
        toAssigned = System.nanoTime() - intendedStart;
        assignedAt = System.currentTimeMillis();
        if (script == Script.END_AT_ONCE) {
            release();
        } else {
            sentAt = System.nanoTime();
            mark(">message");
            socket.writeTextMessage(MESSAGE);
        }
    }

    /** The client is done with its bot: from here on the bot is free, whenever the router says so. */
    private void release() {
        releasedAt = System.currentTimeMillis();
        mark(">end");
        socket.writeTextMessage(END);
    }

    /** Repeated tokens are one entry: the trail names the steps of a session, not every frame. */
    private void mark(String what) {
        if (what.equals("token") && lastMark.equals(what)) {
            return;
        }
        lastMark = what;
        long ms = (System.nanoTime() - openedAt) / 1_000_000;
        trail.append(trail.length() == 0 ? "" : ", ").append(ms).append(' ').append(what);
    }

    private void finish(SessionResult.Outcome outcome, String detail) {
        String told = outcome == SessionResult.Outcome.FAILED ? "bot " + botId + "; ms after start: " + trail : "";
        if (!done.tryComplete(new SessionResult(outcome, detail, toAssigned, toFirstToken, botId, assignedAt,
                releasedAt, System.currentTimeMillis(), told))) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
    }
}
