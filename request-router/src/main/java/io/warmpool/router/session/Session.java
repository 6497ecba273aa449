package io.warmpool.router.session;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.ClaimRefusal;
import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionChannel;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.WarmpoolEvent;
import java.util.Optional;

/**
 * One client session as its router sees it: QUEUED, CLAIMING, RELAYING, ENDED (see
 * {@link SessionState}). Pure: time comes in as {@code now} (epoch ms) and the events to publish come
 * out; the caller does the I/O. Owned by one event loop, so not thread-safe.
 *
 * <p>Rules: every attempt shares the first request's deadline; a failed claim is reported
 * ({@code bot.claim.failed}) and asks again with {@code attempt + 1}, up to {@link #MAX_REFUSED_CLAIMS}
 * claims refused for cause (401, unreachable; a 409 only means another session was first); answers
 * that arrive after the session was placed are duplicates and ignored; one end comes out at most
 * once: {@code session.ended} when a bot was involved, {@code session.withdrawn} when the client
 * left while the session waited for one.
 */
public final class Session {
    public static final String REPORTER = "router";
    /** Claims refused for cause after which the session is rejected {@code claim_failed} rather than looping. */
    public static final int MAX_REFUSED_CLAIMS = 3;

    private final String sessionId;
    private final String pool;
    private final String routerId;
    private final long openedAt;
    private final long deadline;
    private final SessionChannel channel;
    private SessionState state = SessionState.QUEUED;
    private int attempt = 1;
    private String botId;
    private long relayingSince = -1;
    private int messages;
    private int refusedClaims;
    private Outcome outcome;

    private Session(String sessionId, String pool, String routerId, long openedAt, long deadline,
                    SessionChannel channel) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.pool = pool;
        this.routerId = routerId;
        this.openedAt = openedAt;
        this.deadline = deadline;
    }

    public static Session open(String sessionId, String pool, String routerId, long now, long deadlineMs) {
        return open(sessionId, pool, routerId, now, deadlineMs, SessionChannel.WEBSOCKET);
    }

    /** A session of a client that came through {@code channel}, which its requests carry. */
    public static Session open(String sessionId, String pool, String routerId, long now, long deadlineMs,
                               SessionChannel channel) {
        if (deadlineMs <= 0) {
            throw new IllegalArgumentException("deadlineMs must be positive");
        }
        return new Session(sessionId, pool, routerId, now, now + deadlineMs, channel);
    }

    /** The {@code session.requested} of the current attempt. */
    public SessionRequested request(long now) {
        return SessionRequested.of(sessionId, pool, routerId, attempt, Math.min(now, deadline), deadline, channel);
    }

    /**
     * A bot was assigned. While QUEUED it is taken whatever its attempt (an older attempt's bot is as
     * good as any); once placed, or past the deadline, it is a duplicate and ignored.
     */
    public Optional<BotAssigned> assign(BotAssigned assigned, long now) {
        if (state != SessionState.QUEUED || now >= deadline || !assigned.sessionId().equals(sessionId)) {
            return Optional.empty();
        }
        state = SessionState.CLAIMING;
        botId = assigned.botId();
        return Optional.of(assigned);
    }

    /** The bot accepted the claim. */
    public ClaimResult claimed(long now) {
        if (state == SessionState.CLAIMING) {
            state = SessionState.RELAYING;
            relayingSince = now;
            return new ClaimResult.Relay(now - openedAt);
        }
        if (state == SessionState.ENDED && botId != null) {
            return new ClaimResult.Release(ended(((Outcome.Ended) outcome).reason(), now));
        }
        throw new IllegalStateException("claimed while " + state);
    }

    /**
     * The bot refused the claim ({@code status} 409: taken by another session; 401: the claim was not
     * valid) or could not be reached ({@code status} 0). Returns the report for the allocator and,
     * while the deadline and the refusals allow, the next attempt's request; otherwise the session is
     * rejected ({@code timeout}, or {@code claim_failed}). No retry either when the client left
     * during the claim.
     */
    public ClaimFailure claimFailed(int status, long now) {
        if (botId == null) {
            throw new IllegalStateException("no claim in flight");
        }
        ClaimFailed report = ClaimFailed.of(sessionId, attempt, botId, pool, routerId, status, now);
        botId = null;
        if (state != SessionState.CLAIMING) {
            return new ClaimFailure(report, Optional.empty());
        }
        if (report.reason() != ClaimRefusal.CONFLICT) {
            refusedClaims++;
        }
        if (now >= deadline) {
            finish(new Outcome.Rejected(RejectReason.TIMEOUT));
            return new ClaimFailure(report, Optional.empty());
        }
        if (refusedClaims >= MAX_REFUSED_CLAIMS) {
            finish(new Outcome.Rejected(RejectReason.CLAIM_FAILED));
            return new ClaimFailure(report, Optional.empty());
        }
        state = SessionState.QUEUED;
        attempt++;
        return new ClaimFailure(report, Optional.of(request(now)));
    }

    /** The allocator said no to the current attempt; true when that ends the session. */
    public boolean reject(SessionRejected rejected) {
        if (state != SessionState.QUEUED || rejected.attempt() != attempt) {
            return false;
        }
        finish(new Outcome.Rejected(rejected.reason()));
        return true;
    }

    /**
     * The deadline timer fired; true when that ends the session (rejected, timeout). A claim in
     * flight is left to finish: its own timeout is bounded by the deadline.
     */
    public boolean expire(long now) {
        if (state != SessionState.QUEUED || now < deadline) {
            return false;
        }
        finish(new Outcome.Rejected(RejectReason.TIMEOUT));
        return true;
    }

    /** A user message relayed to the bot; false when there is no bot to relay to. */
    public boolean message() {
        if (state != SessionState.RELAYING) {
            return false;
        }
        messages++;
        return true;
    }

    /**
     * Ends the session for {@code reason}. Returns the event to publish, once: {@code session.ended}
     * for a session that is relaying, {@code session.withdrawn} for one still waiting for a bot (so
     * the allocator parks no bot for it), nothing for one claiming (it publishes when the claim
     * completes: {@code session.ended} if the bot took it, {@code bot.claim.failed} if not).
     */
    public Optional<WarmpoolEvent> end(EndReason reason, long now) {
        if (state == SessionState.ENDED) {
            return Optional.empty();
        }
        SessionState was = state;
        finish(new Outcome.Ended(reason));
        return switch (was) {
            case RELAYING -> Optional.of(ended(reason, now));
            case QUEUED -> Optional.of(SessionWithdrawn.of(sessionId, pool, routerId, reason, now));
            default -> Optional.empty();
        };
    }

    private SessionEnded ended(EndReason reason, long now) {
        long duration = relayingSince < 0 ? 0 : Math.max(0, now - relayingSince);
        return SessionEnded.of(sessionId, botId, pool, reason, REPORTER, duration, messages, now);
    }

    private void finish(Outcome how) {
        state = SessionState.ENDED;
        outcome = how;
    }

    /** Milliseconds left before the deadline, never negative. */
    public long remaining(long now) {
        return Math.max(0, deadline - now);
    }

    public String sessionId() {
        return sessionId;
    }

    public String pool() {
        return pool;
    }

    public SessionState state() {
        return state;
    }

    public int attempt() {
        return attempt;
    }

    public long deadline() {
        return deadline;
    }

    public long openedAt() {
        return openedAt;
    }

    /** The bot being claimed or relayed to, if any. */
    public Optional<String> botId() {
        return Optional.ofNullable(botId);
    }

    /** How it finished; empty until ENDED. */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }
}
