package io.warmpool.events.claim;

/** The outcome of checking a claim's signature, bot and expiry (a bot answers 401 to all but VALID). */
public enum ClaimCheck {
    VALID, BAD_SIGNATURE, WRONG_BOT, EXPIRED
}
