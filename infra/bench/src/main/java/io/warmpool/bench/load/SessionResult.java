package io.warmpool.bench.load;

/**
 * What one scripted chat session saw. Times are nanoseconds, -1 when not reached.
 *
 * @param toAssigned   from the session's intended start (open model) to its {@code assigned} frame
 *                     (direct sessions: to the accepted claim handshake)
 * @param toFirstToken from sending the {@code message} to the first {@code token}
 * @param botId        the bot named by {@code assigned}, or null
 * @param assignedAt   wall clock (epoch millis) of the {@code assigned} frame, -1 when none came
 * @param releasedAt   wall clock (epoch millis) when the client sent {@code end}, giving its bot back; -1 if
 *                     it never did (the session ended otherwise)
 * @param endedAt      wall clock (epoch millis) when the session ended for the client, however it ended
 * @param trail        of a failed session, the frames it saw and sent with their times, for a person to read;
 *                     kept apart from {@code detail}, which code compares
 */
public record SessionResult(Outcome outcome, String detail, long toAssigned, long toFirstToken, String botId,
                            long assignedAt, long releasedAt, long endedAt, String trail) {
    public enum Outcome { COMPLETED, REJECTED, FAILED }

    /** The detail of a session that got no frame that settles it (assigned, rejected, ended) nor a close. */
    public static final String TIMED_OUT = "timed out";
    /** The detail of a session whose socket closed before anything settled it. */
    public static final String CLOSED_EARLY = "closed early";
    /** The detail of a connection whose WebSocket upgrade got no answer in time: it never reached a server. */
    public static final String NO_UPGRADE = "connect: no answer to the upgrade";

    public static SessionResult failed(String why) {
        return new SessionResult(Outcome.FAILED, why, -1, -1, null, -1, -1, System.currentTimeMillis(), "");
    }

    /** The detail with the trail, when there is one: what a report tells a person. */
    public String described() {
        return trail.isEmpty() ? detail : detail + " (" + trail + ")";
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    public boolean assigned() {
        return assignedAt >= 0;
    }

    /**
     * Until when this client held its bot: until it gave the bot back with {@code end}, else until the
     * session ended for it. The router's word that the session is over may arrive after the bot has
     * already been handed to the next client; the client stopped holding it when it said {@code end}.
     */
    public long heldUntil() {
        return releasedAt >= 0 ? Math.min(releasedAt, endedAt) : endedAt;
    }
}
