package io.warmpool.bench.load;

/**
 * What one scripted chat session saw. Times are nanoseconds, -1 when not reached.
 *
 * @param toAssigned   from the session's intended start (open model) to its {@code assigned} frame
 *                     (direct sessions: to the accepted claim handshake)
 * @param toFirstToken from sending the {@code message} to the first {@code token}
 * @param botId        the bot named by {@code assigned}, or null
 * @param assignedAt   wall clock (epoch millis) of the {@code assigned} frame, -1 when none came
 * @param endedAt      wall clock (epoch millis) when the session ended for the client, however it ended
 */
public record SessionResult(Outcome outcome, String detail, long toAssigned, long toFirstToken, String botId,
                            long assignedAt, long endedAt) {
    public enum Outcome { COMPLETED, REJECTED, FAILED }

    /** The detail of a session that got no frame that settles it (assigned, rejected, ended) nor a close. */
    public static final String TIMED_OUT = "timed out";

    public static SessionResult failed(String why) {
        return new SessionResult(Outcome.FAILED, why, -1, -1, null, -1, System.currentTimeMillis());
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    public boolean assigned() {
        return assignedAt >= 0;
    }
}
