package io.warmpool.bot.session;

/** A claim's outcome; {@code sessionId} only when accepted, {@code reason} for logs (never the claim itself). */
public record ClaimDecision(ClaimOutcome outcome, String sessionId, String reason) {
    static ClaimDecision accepted(String sessionId) {
        return new ClaimDecision(ClaimOutcome.ACCEPTED, sessionId, "accepted");
    }

    static ClaimDecision conflict(String reason) {
        return new ClaimDecision(ClaimOutcome.CONFLICT, null, reason);
    }

    static ClaimDecision unauthorized(String reason) {
        return new ClaimDecision(ClaimOutcome.UNAUTHORIZED, null, reason);
    }
}
