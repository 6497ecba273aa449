package io.warmpool.router.openai;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionChannel;
import io.warmpool.events.SessionRejected;
import io.warmpool.router.routing.BotPlacement;
import io.warmpool.router.routing.RoutedSession;
import io.warmpool.router.routing.RoutingServices;
import io.warmpool.router.session.Session;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /v1/chat/completions} as one session: the same {@link Session} decisions, claim and
 * events as a WebSocket chat (through a {@link BotPlacement}), with the request's whole conversation
 * handed to the bot in one {@code conversation} frame and its reply written as an {@link Answer}. The session ends with the
 * answer ({@code client_end}), when the client goes ({@code client_gone}: the bot is let go at once),
 * or when the bot fails. Runs on the router's event loop.
 */
final class CompletionSession implements RoutedSession, BotPlacement.Placed {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionSession.class);

    private final RoutingServices services;
    private final HttpServerResponse response;
    private final ChatRequest request;
    private final Session session;
    private final Answer answer;
    private final BotPlacement placement;
    private WebSocket bot;
    private int tokens;
    private boolean closed;

    CompletionSession(RoutingServices services, HttpServerResponse response, ChatRequest request) {
        this.services = services;
        this.response = response;
        this.request = request;
        long now = now();
        this.session = Session.open(UUID.randomUUID().toString(), request.pool(), services.routerId(), now,
                services.sessionDeadlineMs(), SessionChannel.HTTP);
        this.answer = Answer.of(request.stream(), response, Completion.of(sessionId(), now, request.pool()));
        this.placement = new BotPlacement(services, session, this);
    }

    @Override
    public Session session() {
        return session;
    }

    void start() {
        services.registry().add(this);
        response.closeHandler(v -> finish(EndReason.CLIENT_GONE));
        response.exceptionHandler(e -> LOG.debug("client of HTTP session {}: {}", sessionId(), e.toString()));
        placement.start();
    }

    @Override
    public void onAssigned(BotAssigned assigned) {
        placement.onAssigned(assigned);
    }

    @Override
    public void onRejected(SessionRejected rejected) {
        placement.onRejected(rejected);
    }

    @Override
    public void placed(WebSocket socket, long queuedMs) {
        bot = socket;
        socket.textMessageHandler(this::onBotText);
        socket.closeHandler(v -> fail(EndReason.BOT_LOST, OpenAiError.botFailed("bot_lost", "the bot went away")));
        socket.exceptionHandler(e -> LOG.debug("bot socket of HTTP session {}: {}", sessionId(), e.toString()));
        // The client reads slower than the bot writes: hold the bot back rather than buffer.
        response.drainHandler(v -> socket.resume());
        session.message();
        socket.writeTextMessage(request.conversationFrame().encode());
        answer.begin();
    }

    private void onBotText(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            LOG.debug("unreadable bot frame in HTTP session {}", sessionId());
            return;
        }
        switch (String.valueOf(frame.getValue("type"))) {
            case "token" -> onToken(frame.getString("text", ""));
            case "reply" -> complete(Completion.STOP);
            case "error" -> fail(EndReason.BOT_ERROR, OpenAiError.botFailed(frame.getString("code", "bot_error"),
                    "the bot could not answer: " + frame.getString("message", "")));
            case "ended" -> fail(EndReason.fromBot(frame.getString("reason")),
                    OpenAiError.botFailed("bot_ended", "the bot ended the session: " + frame.getString("reason")));
            default -> LOG.debug("bot frame of type {} ignored in HTTP session {}", frame.getValue("type"), sessionId());
        }
    }

    private void onToken(String token) {
        if (closed) {
            return;
        }
        tokens++;
        answer.token(token);
        if (response.writeQueueFull()) {
            bot.pause();
        }
        if (request.maxTokens().filter(max -> tokens >= max).isPresent()) {
            complete(Completion.LENGTH);
        }
    }

    private void complete(String finishReason) {
        if (!closed) {
            answer.finish(finishReason);
            finish(EndReason.CLIENT_END);
        }
    }

    private void fail(EndReason reason, OpenAiError error) {
        if (!closed) {
            answer.fail(error);
            finish(reason);
        }
    }

    /**
     * Ends the session for {@code reason}: publishes once and lets the bot go. A bot that is still
     * there gets {@code end} (its session ends as {@code client_end}) unless the client is gone, which
     * the bot learns from its socket closing ({@code client_gone}).
     */
    private void finish(EndReason reason) {
        if (closed) {
            return;
        }
        session.end(reason, now()).ifPresent(event -> services.publisher().publish(event).onFailure(e ->
                LOG.warn("{} of {} not published: {}", event.type().eventName(), sessionId(), e.toString())));
        LOG.info("HTTP session {} of pool {} ended ({}) after {} tokens", sessionId(), request.pool(), reason.wire(),
                tokens);
        if (bot != null) {
            if (reason != EndReason.CLIENT_GONE && !bot.isClosed()) {
                bot.writeTextMessage(new JsonObject().put("type", "end").encode());
            }
            bot.close();
        }
        cleanUp();
    }

    @Override
    public void rejected(RejectReason reason) {
        LOG.info("HTTP session {} of pool {} rejected ({})", sessionId(), request.pool(), reason.wire());
        answer.fail(OpenAiError.rejected(reason, request.pool()));
        cleanUp();
    }

    private void cleanUp() {
        closed = true;
        placement.stop();
        services.registry().remove(this);
        session.outcome().ifPresent(services.metrics()::httpOutcome);
    }

    private long now() {
        return services.clock().getAsLong();
    }
}
