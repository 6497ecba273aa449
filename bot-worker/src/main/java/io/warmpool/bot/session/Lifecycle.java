package io.warmpool.bot.session;

import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimCheck;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's lifecycle, STARTING → READY → BUSY → EXITING (retire) or back to READY (reuse), and the
 * claim arbitration that makes a bot serve at most one session (invariant 1). Not thread-safe: the
 * bot drives it from one event loop. Time comes in as arguments.
 */
public final class Lifecycle {
    private final String botId;
    private final ClaimKey key;
    private final boolean reuse;
    private BotState state = BotState.STARTING;
    private Session session;
    private boolean draining;
    /** Sessions this bot has served, each until its claim expires: a claim is good once (a replay gets 409). */
    private final Map<String, Long> spent = new HashMap<>();

    public Lifecycle(String botId, ClaimKey key, boolean reuse) {
        this.botId = botId;
        this.key = key;
        this.reuse = reuse;
    }

    public BotState state() {
        return state;
    }

    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    public boolean draining() {
        return draining;
    }

    /** Warm-up is over. Ignored once the bot is leaving. */
    public boolean warmedUp() {
        if (state != BotState.STARTING || draining) {
            return false;
        }
        state = BotState.READY;
        return true;
    }

    /**
     * Decides a claim token (null when none was sent). Authentication comes first, so a caller
     * without a valid claim learns nothing about the bot's state.
     */
    public ClaimDecision claim(String token, long now) {
        Claim claim;
        try {
            claim = Claim.parse(token);
        } catch (IllegalArgumentException e) {
            return ClaimDecision.unauthorized("malformed or missing claim");
        }
        ClaimCheck check = claim.check(key, botId, now);
        if (check != ClaimCheck.VALID) {
            return ClaimDecision.unauthorized(check.name().toLowerCase(java.util.Locale.ROOT));
        }
        spent.values().removeIf(expiry -> expiry < now);
        if (spent.containsKey(claim.sessionId())) {
            return ClaimDecision.conflict("claim already used");
        }
        if (state != BotState.READY || draining) {
            return ClaimDecision.conflict("bot is " + state);
        }
        state = BotState.BUSY;
        spent.put(claim.sessionId(), claim.expiresAt());
        session = new Session(claim.sessionId(), now, 0);
        return ClaimDecision.accepted(claim.sessionId());
    }

    /** Counts a user message of the current session. */
    public void messageReceived() {
        if (session != null) {
            session = session.withMessage();
        }
    }

    /** Ends the current session; the bot retires unless it reuses itself and is not shutting down. */
    public Optional<SessionSummary> endSession(EndReason reason, long now) {
        if (session == null) {
            return Optional.empty();
        }
        Session ended = session;
        session = null;
        state = reuse && !draining ? BotState.READY : BotState.EXITING;
        return Optional.of(new SessionSummary(ended.sessionId(), reason, Math.max(0, now - ended.startedAt()),
                ended.messages(), state));
    }

    /**
     * Stops accepting claims. Without a session the bot is EXITING at once; with one it stays BUSY
     * until the session ends (the drain), which then retires it.
     */
    public void shutdown() {
        draining = true;
        if (session == null) {
            state = BotState.EXITING;
        }
    }
}
