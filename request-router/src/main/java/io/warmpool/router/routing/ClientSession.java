package io.warmpool.router.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.router.session.ClaimFailure;
import io.warmpool.router.session.ClaimResult;
import io.warmpool.router.session.FloodGuard;
import io.warmpool.router.session.Outcome;
import io.warmpool.router.session.Session;
import io.warmpool.router.session.SessionState;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket turned into a session: the I/O around a {@link Session}. Each method is one
 * step (request, claim, relay, end); the decisions are the session's. Runs on the router's event loop.
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final short NORMAL = 1000;
    private static final short POLICY = 1008;
    private static final short TOO_BIG = 1009;

    private final RoutingServices services;
    private final ServerWebSocket client;
    private final Session session;
    private final FloodGuard flood;
    private WebSocket bot;
    private Relay relay;
    private long deadlineTimer = -1;
    private long pingTimer = -1;
    private long pingSentAt = -1;
    private boolean closed;

    ClientSession(RoutingServices services, ServerWebSocket client, String pool) {
        this.services = services;
        this.client = client;
        long now = now();
        this.session = Session.open(UUID.randomUUID().toString(), pool, services.routerId(), now,
                services.sessionDeadlineMs());
        this.flood = new FloodGuard(services.limits().ratePerSecond(), services.limits().rateBurst(), now);
    }

    String sessionId() {
        return session.sessionId();
    }

    String pool() {
        return session.pool();
    }

    /** Queued or claiming: the allocator of its pool holds a request of this router for it. */
    boolean waitsForABot() {
        return session.state() == SessionState.QUEUED || session.state() == SessionState.CLAIMING;
    }

    void start() {
        services.registry().add(this);
        client.textMessageHandler(this::onClientText);
        client.binaryMessageHandler(b -> send(ServerFrames.error("bad_json", "frames must be JSON text")));
        client.pongHandler(p -> pingSentAt = -1);
        client.closeHandler(v -> {
            services.metrics().socketClosed();
            finish(EndReason.CLIENT_GONE, false);
        });
        client.exceptionHandler(e -> LOG.debug("client socket of session {}: {}", sessionId(), e.toString()));
        send(ServerFrames.queued(sessionId()));
        request(session.request(now()));
        deadlineTimer = services.vertx().setTimer(session.remaining(now()) + 1, t -> onDeadline());
        long ping = services.limits().clientPing().toMillis();
        pingTimer = services.vertx().setPeriodic(ping, t -> pingClient(ping));
    }

    private void request(SessionRequested request) {
        services.publisher().publish(request).onFailure(e ->
                LOG.warn("session.requested of {} (attempt {}) not published: {}", sessionId(), request.attempt(),
                        e.toString()));
    }

    void onAssigned(BotAssigned assigned) {
        session.assign(assigned, now()).ifPresent(this::claim);
    }

    private void claim(BotAssigned assigned) {
        services.claimer().claim(assigned, session.remaining(now()), now()).onComplete(ar -> {
            if (ar.succeeded()) {
                onClaimed(ar.result());
            } else {
                onClaimFailed(assigned, ar.cause());
            }
        });
    }

    private void onClaimed(WebSocket socket) {
        ClaimResult result = session.claimed(now());
        if (result instanceof ClaimResult.Release release) {
            socket.close();
            services.publisher().publish(release.ended());
            return;
        }
        long queuedMs = ((ClaimResult.Relay) result).queuedMs();
        bot = socket;
        relay = new Relay(services.vertx(), client, socket, services.limits().slowClient().toMillis(),
                () -> finish(EndReason.CLIENT_GONE, true));
        socket.textMessageHandler(this::onBotText);
        socket.closeHandler(v -> finish(EndReason.BOT_LOST, true));
        socket.exceptionHandler(e -> LOG.debug("bot socket of session {}: {}", sessionId(), e.toString()));
        cancelTimer(deadlineTimer);
        services.metrics().assigned(queuedMs);
        send(ServerFrames.assigned(sessionId(), session.botId().orElseThrow(), queuedMs));
    }

    /** Told to the allocator (it takes the bot back and holds it back), then asked again or given up. */
    private void onClaimFailed(BotAssigned assigned, Throwable cause) {
        int status = BotClaimer.refusal(cause);
        ClaimFailure failure = session.claimFailed(status, now());
        services.metrics().claimFailed(failure.report().reason());
        LOG.warn("claim of bot {} at {} for session {} (attempt {}) failed: {} ({})", assigned.botId(),
                assigned.endpoint(), sessionId(), assigned.attempt(), failure.report().reason().wire(),
                status == 0 ? cause.toString() : "HTTP " + status);
        publish(failure.report());
        failure.retry().ifPresentOrElse(this::request, () -> {
            if (session.outcome().orElse(null) instanceof Outcome.Rejected rejected && !closed) {
                reject(rejected.reason());
            }
        });
    }

    void onRejected(SessionRejected rejected) {
        if (session.reject(rejected)) {
            reject(rejected.reason());
        }
    }

    private void onDeadline() {
        deadlineTimer = -1;
        if (session.expire(now())) {
            reject(RejectReason.TIMEOUT);
        }
    }

    void onBotLost(String botId) {
        if (session.state() == SessionState.RELAYING && session.botId().filter(botId::equals).isPresent()) {
            finish(EndReason.BOT_LOST, true);
        }
    }

    private void onClientText(String raw) {
        long now = now();
        pingSentAt = -1;
        if (tooLarge(raw)) {
            client.close(TOO_BIG, "message too big");
            finish(EndReason.CLIENT_GONE, false);
            return;
        }
        switch (flood.admit(now)) {
            case REFUSE -> {
                send(ServerFrames.error("rate_limited", "too many messages; slow down"));
                return;
            }
            case DISCONNECT -> {
                send(ServerFrames.error("rate_limited", "too many messages; closing"));
                client.close(POLICY, "rate_limited");
                finish(EndReason.CLIENT_GONE, false);
                return;
            }
            case ACCEPT -> { }
        }
        ClientFrame frame = ClientFrame.parse(raw);
        if (frame instanceof ClientFrame.Message m) {
            relayMessage(m.text());
        } else if (frame instanceof ClientFrame.End) {
            finish(EndReason.CLIENT_END, true);
        } else if (frame instanceof ClientFrame.Invalid bad) {
            send(ServerFrames.error(bad.code(), bad.message()));
        }
    }

    private boolean tooLarge(String raw) {
        int limit = services.limits().maxMessageBytes();
        // A char is at most 3 UTF-8 bytes: count bytes only when the length alone cannot decide.
        return raw.length() > limit || (raw.length() * 3L > limit
                && raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limit);
    }

    private void relayMessage(String text) {
        if (!session.message()) {
            send(ServerFrames.error("not_assigned", "wait for a bot before sending messages"));
            return;
        }
        String frame = ServerFrames.message(text);
        services.metrics().toBot(frame);
        relay.toBot(frame);
    }

    private void onBotText(String frame) {
        if (closed) {
            return;
        }
        services.metrics().toClient(frame);
        relay.toClient(frame);
        if (frame.contains("\"ended\"")) {
            botEnded(frame);
        }
    }

    /** The bot ended the session itself (idle, shutdown, error) and the client has its frame. */
    private void botEnded(String frame) {
        try {
            JsonObject json = new JsonObject(frame);
            if ("ended".equals(json.getString("type"))) {
                finish(endReason(json.getString("reason")), false);
            }
        } catch (RuntimeException e) {
            LOG.debug("unreadable bot frame in session {}", sessionId());
        }
    }

    private static EndReason endReason(String wire) {
        try {
            return EndReason.of(wire);
        } catch (RuntimeException e) {
            return EndReason.BOT_ERROR;
        }
    }

    /** A ping left unanswered for two intervals means the client is gone, even if TCP never said so. */
    private void pingClient(long interval) {
        long now = now();
        if (pingSentAt < 0) {
            pingSentAt = now;
            client.writePing(Buffer.buffer("ping"));
        } else if (now - pingSentAt > 2 * interval) {
            LOG.info("client of session {} vanished (no pong for {} ms)", sessionId(), now - pingSentAt);
            finish(EndReason.CLIENT_GONE, false);
            client.close(NORMAL);
        }
    }

    /** Ends the session for {@code reason}: publish once, tell the client if asked, close both sockets. */
    private void finish(EndReason reason, boolean tellClient) {
        if (closed) {
            return;
        }
        session.end(reason, now()).ifPresent(this::publish);
        if (bot != null) {
            if (reason == EndReason.CLIENT_END && !bot.isClosed()) {
                bot.writeTextMessage(ServerFrames.end());
            }
            bot.close();
        }
        if (tellClient) {
            send(ServerFrames.ended(reason));
        }
        client.close(NORMAL);
        cleanUp();
    }

    private void reject(RejectReason reason) {
        send(ServerFrames.rejected(reason));
        client.close(ChatEndpoint.closeCode(reason), reason.wire());
        cleanUp();
    }

    private void cleanUp() {
        closed = true;
        if (relay != null) {
            relay.stop();
        }
        cancelTimer(deadlineTimer);
        cancelTimer(pingTimer);
        services.registry().remove(this);
        session.outcome().ifPresent(services.metrics()::outcome);
    }

    private void publish(WarmpoolEvent event) {
        services.publisher().publish(event).onFailure(e ->
                LOG.warn("{} of {} not published: {}", event.type().eventName(), sessionId(), e.toString()));
    }

    private void send(String frame) {
        if (!client.isClosed()) {
            client.writeTextMessage(frame);
        }
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            services.vertx().cancelTimer(id);
        }
    }

    private long now() {
        return services.clock().getAsLong();
    }
}
