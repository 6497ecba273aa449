package io.warmpool.router.routing;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import io.warmpool.events.Ids;
import io.warmpool.events.RejectReason;
import io.warmpool.router.session.Outcome;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /chat?pool=NAME}: the front door. A browser from a foreign origin is refused before the
 * upgrade (403); after it, a client without valid credentials, for a malformed pool name, or beyond
 * the session cap gets a {@code rejected} frame and a close; everyone else becomes a {@link ClientSession}.
 */
public final class ChatEndpoint implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatEndpoint.class);
    private static final String BEARER = "Bearer ";

    private final RoutingServices services;
    private final ClientAuth auth;

    public ChatEndpoint(RoutingServices services, ClientAuth auth) {
        this.services = services;
        this.auth = auth;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!originAllowed(request)) {
            ctx.response().setStatusCode(403).end("origin not allowed");
            return;
        }
        String pool = Optional.ofNullable(request.getParam("pool")).filter(p -> !p.isBlank()).orElse("default");
        Optional<String> token = token(request);
        request.toWebSocket()
                .onSuccess(ws -> admit(ws, pool, token))
                .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
    }

    private void admit(ServerWebSocket ws, String pool, Optional<String> token) {
        services.metrics().socketOpened();
        ws.pause();
        auth.check(token).onComplete(ar -> {
            if (ws.isClosed()) {
                services.metrics().socketClosed();
            } else if (ar.failed()) {
                refuse(ws, RejectReason.UNAUTHORIZED);
            } else if (!Ids.isId(pool)) {
                refuse(ws, RejectReason.UNKNOWN_POOL);
            } else if (services.registry().size() >= services.limits().maxSessions()) {
                refuse(ws, RejectReason.OVERLOADED);
            } else {
                new ClientSession(services, ws, pool).start();
                ws.resume();
            }
        });
    }

    private void refuse(ServerWebSocket ws, RejectReason reason) {
        ws.closeHandler(v -> services.metrics().socketClosed());
        services.metrics().outcome(new Outcome.Rejected(reason));
        ws.writeTextMessage(ServerFrames.rejected(reason));
        ws.close(closeCode(reason), reason.wire());
    }

    /** 1008 (policy violation) for a client that may not come in; 1013 (try again later) otherwise. */
    static short closeCode(RejectReason reason) {
        return reason == RejectReason.UNAUTHORIZED || reason == RejectReason.UNKNOWN_POOL ? (short) 1008 : 1013;
    }

    /** The client's credentials: {@code Authorization: Bearer T}, or {@code ?token=T} for browsers. */
    public static Optional<String> token(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(header.substring(BEARER.length()).trim());
        }
        return Optional.ofNullable(request.getParam("token")).filter(t -> !t.isBlank());
    }

    /**
     * No Origin (not a browser), the router's own origin, or one on the allow-list ({@code *}: any).
     * Browsers send an Origin on every upgrade, so by default another site's page cannot open chats
     * with its visitors' credentials (cross-site WebSocket hijacking).
     */
    private boolean originAllowed(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || services.limits().allowedOrigins().contains("*")) {
            return true;
        }
        String host = request.authority() == null ? "" : request.authority().toString();
        return origin.equals("http://" + host) || origin.equals("https://" + host)
                || services.limits().allowedOrigins().contains(origin);
    }
}
