package io.warmpool.bot.session;

/** The one session a BUSY bot serves: who claimed it, since when, and how many user messages it carried. */
public record Session(String sessionId, long startedAt, int messages) {
    Session withMessage() {
        return new Session(sessionId, startedAt, messages + 1);
    }
}
