package io.warmpool.bot.session;

/** The bot's answer to a claim, before any socket exists. */
public enum ClaimOutcome {
    /** The first valid claim while READY: the session starts. */
    ACCEPTED,
    /** A valid claim, but the bot is not READY (busy, warming up or leaving): the router asks again elsewhere. */
    CONFLICT,
    /** Missing, malformed, badly signed, for another bot or expired. */
    UNAUTHORIZED
}
