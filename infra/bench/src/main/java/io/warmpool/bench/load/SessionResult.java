package io.warmpool.bench.load;

/**
 * What one scripted chat session saw. Times are nanoseconds, -1 when not reached.
 *
 * @param toAssigned   from the session's intended start (open model) to its {@code assigned} frame
 *                     (direct sessions: to the accepted claim handshake)
 * @param toFirstToken from sending the {@code message} to the first {@code token}
 */
public record SessionResult(Outcome outcome, String detail, long toAssigned, long toFirstToken) {
    public enum Outcome { COMPLETED, REJECTED, FAILED }

    public static SessionResult failed(String why) {
        return new SessionResult(Outcome.FAILED, why, -1, -1);
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }
}
