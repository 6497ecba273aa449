package io.warmpool.bot.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.warmpool.bot.engine.ChatEngine;
import io.warmpool.bot.engine.Conversation;
import io.warmpool.bot.engine.EngineException;
import io.warmpool.bot.engine.Turn;
import io.warmpool.bot.metrics.BotMetrics;
import io.warmpool.events.EndReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed session on the bot's {@code /chat} WebSocket: user messages go to the engine one at a
 * time, its reply streams back as {@code token} frames and one {@code reply}. A {@code conversation}
 * frame hands over a whole message list instead (see {@link ConversationFrame}) and is answered the
 * same way. A bad frame gets an {@code error} and the session goes on. Runs on the bot's event loop.
 */
public final class ChatSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    private static final short NORMAL = 1000;
    private static final short TOO_BIG = 1009;

    /** What the bot learns from the session. */
    public interface Listener {
        void messageReceived();

        /** Called once, after the {@code ended} frame (if the socket was still open). */
        void sessionEnded(EndReason reason);

        static Listener of(Runnable messageReceived, Consumer<EndReason> sessionEnded) {
            return new Listener() {
                @Override
                public void messageReceived() {
                    messageReceived.run();
                }

                @Override
                public void sessionEnded(EndReason reason) {
                    sessionEnded.accept(reason);
                }
            };
        }
    }

    private final Vertx vertx;
    private final ServerWebSocket socket;
    private final ChatEngine engine;
    private final BotMetrics metrics;
    private final Limits limits;
    private final Listener listener;
    private Conversation conversation = Conversation.empty();
    private Future<String> replying;
    private long idleTimer = -1;
    private long pingTimer = -1;
    private long heardAt;
    private boolean ended;

    /**
     * @param maxMessageBytes larger text messages close the socket with 1009
     * @param routerPing      the router's socket is pinged this often; no pong (nor any frame) for two
     *                        intervals means the router is gone, even if TCP never said so
     */
    public record Limits(Duration idleTimeout, int maxMessageBytes, Duration routerPing) {
    }

    public ChatSocket(Vertx vertx, ServerWebSocket socket, ChatEngine engine, BotMetrics metrics, Limits limits,
                      Listener listener) {
        this.vertx = vertx;
        this.socket = socket;
        this.engine = engine;
        this.metrics = metrics;
        this.limits = limits;
        this.listener = listener;
    }

    public void start() {
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(b -> send(Frames.error("bad_frame", "frames are JSON text")));
        socket.exceptionHandler(e -> LOG.debug("chat socket error", e));
        socket.closeHandler(v -> end(EndReason.CLIENT_GONE));
        socket.pongHandler(p -> heardAt = System.nanoTime());
        heardAt = System.nanoTime();
        long ping = limits.routerPing().toMillis();
        pingTimer = vertx.setPeriodic(ping, id -> pingRouter(ping));
        armIdleTimer();
    }

    /** A router whose host vanished without a FIN leaves a socket that looks open: ask it, and let it go. */
    private void pingRouter(long intervalMs) {
        if (System.nanoTime() - heardAt > 2 * intervalMs * 1_000_000L) {
            LOG.info("router socket silent for {} ms: ending the session", (System.nanoTime() - heardAt) / 1_000_000);
            end(EndReason.CLIENT_GONE);
            socket.close();
        } else if (!socket.isClosed()) {
            socket.writePing(io.vertx.core.buffer.Buffer.buffer("ping"));
        }
    }

    /** The bot is stopping: lets a reply in progress finish (at most {@code timeout}), then ends the session. */
    public Future<Void> drain(Duration timeout) {
        Promise<Void> drained = Promise.promise();
        if (replying == null || timeout.isZero()) {
            drained.complete();
        } else {
            long timer = vertx.setTimer(timeout.toMillis(), id -> drained.tryComplete());
            replying.onComplete(ar -> {
                vertx.cancelTimer(timer);
                drained.tryComplete();
            });
        }
        return drained.future().onComplete(v -> end(EndReason.BOT_SHUTDOWN));
    }

    private void onText(String text) {
        heardAt = System.nanoTime();
        if (ended) {
            return;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
            socket.close(TOO_BIG, "message too big");
            return;
        }
        armIdleTimer();
        JsonObject frame = Frames.parse(text).orElse(null);
        if (frame == null) {
            send(Frames.error("bad_json", "a frame is a JSON object with a type"));
            return;
        }
        String type = frame.getValue("type") instanceof String s ? s : "";
        switch (type) {
            case "message" -> onMessage(frame.getValue("text"));
            case "conversation" -> onConversation(frame.getValue("messages"));
            case "end" -> end(EndReason.CLIENT_END);
            default -> send(Frames.error("unknown_type", "unknown frame type '" + type + "'"));
        }
    }

    private void onMessage(Object text) {
        if (!(text instanceof String said) || said.isBlank()) {
            send(Frames.error("empty_text", "a message needs a non-empty text"));
            return;
        }
        answer(conversation.with(Turn.user(said)));
    }

    private void onConversation(Object messages) {
        Conversation given;
        try {
            given = ConversationFrame.parse(messages);
        } catch (IllegalArgumentException e) {
            send(Frames.error("bad_conversation", e.getMessage()));
            return;
        }
        answer(given);
    }

    private void answer(Conversation asked) {
        if (replying != null) {
            send(Frames.error("busy", "wait for the reply before sending the next message"));
            return;
        }
        listener.messageReceived();
        long begin = System.nanoTime();
        replying = engine.reply(asked, token -> {
            metrics.token();
            send(Frames.token(token));
        });
        replying.onComplete(ar -> {
            replying = null;
            if (ar.succeeded()) {
                conversation = asked.with(Turn.assistant(ar.result()));
                metrics.replied(Duration.ofNanos(System.nanoTime() - begin));
                send(Frames.reply(ar.result()));
            } else {
                metrics.replyFailed();
                LOG.warn("reply failed: {}", ar.cause().getMessage());
                send(Frames.error("engine_error", ar.cause() instanceof EngineException
                        ? ar.cause().getMessage() : "the engine failed"));
            }
            armIdleTimer();
        });
    }

    private void armIdleTimer() {
        if (ended) {
            return;
        }
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        idleTimer = vertx.setTimer(limits.idleTimeout().toMillis(), id -> {
            idleTimer = -1;
            if (replying == null) {
                end(EndReason.IDLE);
            }
            // With a reply in progress the timer is armed again when it completes.
        });
    }

    private void end(EndReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        vertx.cancelTimer(pingTimer);
        if (!socket.isClosed()) {
            socket.writeTextMessage(Frames.ended(reason.wire())).eventually(() -> socket.close(NORMAL, reason.wire()));
        }
        listener.sessionEnded(reason);
    }

    private void send(String frame) {
        if (!ended && !socket.isClosed()) {
            socket.writeTextMessage(frame);
        }
    }
}
