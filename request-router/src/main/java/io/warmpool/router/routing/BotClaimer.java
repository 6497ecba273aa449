package io.warmpool.router.routing;

import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotAssigned;

/**
 * Opens an assigned bot's {@code /chat} WebSocket with a claim signed for this session. The bot
 * answers 409 when another session holds it and 401 when the claim is not valid. The claim token
 * exists only in the handshake header: it is never logged or stored.
 */
public final class BotClaimer {
    private final WebSocketClient client;
    private final ClaimKey key;
    private final long claimTimeoutMs;

    public BotClaimer(WebSocketClient client, ClaimKey key, long claimTimeoutMs) {
        this.client = client;
        this.key = key;
        this.claimTimeoutMs = claimTimeoutMs;
    }

    /** @param budgetMs time left before the session's deadline; the handshake gets no more than that */
    public Future<WebSocket> claim(BotAssigned assigned, long budgetMs, long now) {
        long timeout = Math.max(1, Math.min(budgetMs, claimTimeoutMs));
        Claim claim = Claim.sign(key, assigned.sessionId(), assigned.botId(), now + claimTimeoutMs);
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(assigned.endpoint().host())
                .setPort(assigned.endpoint().port())
                .setURI("/chat")
                .setConnectTimeout(timeout)
                .setTimeout(timeout)
                .addHeader(Claim.HEADER, claim.token());
        return client.connect(options);
    }

    /** The bot's HTTP answer to a refused claim, or 0 when it could not be reached at all. */
    static int refusal(Throwable failure) {
        return failure instanceof UpgradeRejectedException rejected ? rejected.getStatus() : 0;
    }
}
