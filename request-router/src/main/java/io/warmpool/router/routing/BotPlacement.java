package io.warmpool.router.routing;

import io.vertx.core.http.WebSocket;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.router.session.ClaimFailure;
import io.warmpool.router.session.ClaimResult;
import io.warmpool.router.session.Outcome;
import io.warmpool.router.session.Session;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's way to its bot, whatever the client's front door (WebSocket or HTTP): publishes
 * {@code session.requested}, claims the assigned bot, asks again after a lost claim, and gives up on a
 * rejection or at the deadline. The decisions are the {@link Session}'s; this is their I/O, and its
 * owner hears how it went through {@link Placed}. Runs on the router's event loop.
 */
public final class BotPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(BotPlacement.class);

    /** What the session's owner does with the result. */
    public interface Placed {
        /** The bot accepted the claim after {@code queuedMs}: talk to it on {@code socket}. */
        void placed(WebSocket socket, long queuedMs);

        /** No bot, for {@code reason}: the session is over. */
        void rejected(RejectReason reason);
    }

    private final RoutingServices services;
    private final Session session;
    private final Placed owner;
    private long deadlineTimer = -1;

    public BotPlacement(RoutingServices services, Session session, Placed owner) {
        this.services = services;
        this.session = session;
        this.owner = owner;
    }

    /** Asks for a bot and arms the deadline. */
    public void start() {
        request(session.request(now()));
        deadlineTimer = services.vertx().setTimer(session.remaining(now()) + 1, t -> onDeadline());
    }

    private void request(SessionRequested request) {
        services.publisher().publish(request).onFailure(e ->
                LOG.warn("session.requested of {} (attempt {}) not published: {}", session.sessionId(),
                        request.attempt(), e.toString()));
    }

    public void onAssigned(BotAssigned assigned) {
        Optional<BotAssigned> toClaim = session.assign(assigned, now());
        if (toClaim.isPresent()) {
            claim(toClaim.get());
        } else if (session.expire(now())) {
            // Past the deadline before its timer fired: over now, and the bot goes back at once.
            stop();
            services.publisher().publish(SessionWithdrawn.of(session.sessionId(), assigned.pool(), assigned.routerId(),
                    EndReason.CLIENT_GONE, now())).onFailure(e -> LOG.warn("session.withdrawn of {} (its bot back) not"
                    + " published: {}", session.sessionId(), e.toString()));
            owner.rejected(RejectReason.TIMEOUT);
        }
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
        stop();
        owner.placed(socket, ((ClaimResult.Relay) result).queuedMs());
    }

    /** Told to the allocator (it takes the bot back and holds it back), then asked again or given up. */
    private void onClaimFailed(BotAssigned assigned, Throwable cause) {
        int status = BotClaimer.refusal(cause);
        ClaimFailure failure = session.claimFailed(status, now());
        services.metrics().claimFailed(failure.report().reason());
        LOG.warn("claim of bot {} at {} for session {} (attempt {}) failed: {} ({})", assigned.botId(),
                assigned.endpoint(), session.sessionId(), assigned.attempt(), failure.report().reason().wire(),
                status == 0 ? cause.toString() : "HTTP " + status);
        services.publisher().publish(failure.report()).onFailure(e ->
                LOG.warn("bot.claim.failed of {} not published: {}", session.sessionId(), e.toString()));
        failure.retry().ifPresentOrElse(this::request, () -> {
            // Rejected now (past the deadline, or refused too often); a client that left meanwhile has ended already.
            if (session.outcome().orElse(null) instanceof Outcome.Rejected rejected) {
                owner.rejected(rejected.reason());
            }
        });
    }

    public void onRejected(SessionRejected rejected) {
        if (session.reject(rejected)) {
            owner.rejected(rejected.reason());
        }
    }

    private void onDeadline() {
        deadlineTimer = -1;
        if (session.expire(now())) {
            owner.rejected(RejectReason.TIMEOUT);
        }
    }

    /** The deadline no longer matters: a bot was placed, or the session is over. */
    public void stop() {
        if (deadlineTimer >= 0) {
            services.vertx().cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }

    private long now() {
        return services.clock().getAsLong();
    }
}
