package io.warmpool.router.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.router.session.FloodGuard;
import io.warmpool.router.session.PingWatch;
import io.warmpool.router.session.Session;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket turned into a session: the I/O around a {@link Session}. Each method is one
 * step (request and claim through a {@link BotPlacement}, relay, end); the decisions are the session's.
 * Runs on the router's event loop.
 */
final class ClientSession implements RoutedSession, BotPlacement.Placed {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final short NORMAL = 1000;
    private static final short POLICY = 1008;
    private static final short TOO_BIG = 1009;

    private final RoutingServices services;
    private final ServerWebSocket client;
    private final Session session;
    private final FloodGuard flood;
    private final BotPlacement placement;
    private final PingWatch clientWatch;
    private PingWatch botWatch;
    private WebSocket bot;
    private Relay relay;
    private long pingTimer = -1;
    private long botPingTimer = -1;
    private boolean closed;

    ClientSession(RoutingServices services, ServerWebSocket client, String pool) {
        this.services = services;
        this.client = client;
        long now = now();
        this.session = Session.open(UUID.randomUUID().toString(), pool, services.routerId(), now,
                services.sessionDeadlineMs());
        this.flood = new FloodGuard(services.limits().ratePerSecond(), services.limits().rateBurst(), now);
        this.placement = new BotPlacement(services, session, this);
        this.clientWatch = new PingWatch(services.limits().clientPing().toMillis(), Limits.CLIENT_PING_MISSES);
    }

    @Override
    public Session session() {
        return session;
    }

    void start() {
        services.registry().add(this);
        client.textMessageHandler(this::onClientText);
        client.binaryMessageHandler(b -> send(ServerFrames.error("bad_json", "frames must be JSON text")));
        client.pongHandler(p -> clientWatch.heard());
        client.closeHandler(v -> {
            services.metrics().socketClosed();
            finish(EndReason.CLIENT_GONE, false);
        });
        client.exceptionHandler(e -> LOG.debug("client socket of session {}: {}", sessionId(), e.toString()));
        send(ServerFrames.queued(sessionId()));
        placement.start();
        pingTimer = services.vertx().setPeriodic(services.limits().clientPing().toMillis(), t -> pingClient());
    }

    @Override
    public void onAssigned(BotAssigned assigned) {
        placement.onAssigned(assigned);
    }

    @Override
    public void placed(WebSocket socket, long queuedMs) {
        bot = socket;
        relay = new Relay(services.vertx(), client, socket, services.limits().slowClient().toMillis(),
                () -> finish(EndReason.CLIENT_GONE, true));
        socket.textMessageHandler(this::onBotText);
        socket.closeHandler(v -> finish(EndReason.BOT_LOST, true));
        socket.exceptionHandler(e -> LOG.debug("bot socket of session {}: {}", sessionId(), e.toString()));
        // Only the bot's socket says the bot is gone: closed, or pings unanswered (not the allocator's view).
        long botPing = services.limits().botPing().toMillis();
        botWatch = new PingWatch(botPing, Limits.BOT_PING_MISSES);
        socket.pongHandler(p -> botWatch.heard());
        botPingTimer = services.vertx().setPeriodic(botPing, t -> pingBot());
        services.metrics().assigned(queuedMs);
        send(ServerFrames.assigned(sessionId(), session.botId().orElseThrow(), queuedMs));
    }

    @Override
    public void onRejected(SessionRejected rejected) {
        placement.onRejected(rejected);
    }

    private void onClientText(String raw) {
        long now = now();
        clientWatch.heard();
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
        botWatch.heard();
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
                finish(EndReason.fromBot(json.getString("reason")), false);
            }
        } catch (RuntimeException e) {
            LOG.debug("unreadable bot frame in session {}", sessionId());
        }
    }

    /** Pings left unanswered mean the client is gone, even if TCP never said so. */
    private void pingClient() {
        switch (clientWatch.tick(now())) {
            case PING -> client.writePing(Buffer.buffer("ping"));
            case GONE -> {
                LOG.info("client of session {} vanished (pings unanswered)", sessionId());
                finish(EndReason.CLIENT_GONE, false);
                client.close(NORMAL);
            }
            case WAIT -> { }
        }
    }

    /** A relaying bot that leaves its pings unanswered is gone: a hung process, a dead host. */
    private void pingBot() {
        switch (botWatch.tick(now())) {
            case PING -> bot.writePing(Buffer.buffer("ping"));
            case GONE -> {
                LOG.info("bot {} of session {} vanished (pings unanswered)", session.botId().orElse("?"), sessionId());
                finish(EndReason.BOT_LOST, true);
            }
            case WAIT -> { }
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

    @Override
    public void rejected(RejectReason reason) {
        send(ServerFrames.rejected(reason));
        client.close(ChatEndpoint.closeCode(reason), reason.wire());
        cleanUp();
    }

    private void cleanUp() {
        closed = true;
        if (relay != null) {
            relay.stop();
        }
        placement.stop();
        cancelTimer(pingTimer);
        cancelTimer(botPingTimer);
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
