package io.warmpool.router.session;

import io.warmpool.events.SessionEnded;

/** What to do once a bot has accepted the router's claim. */
public sealed interface ClaimResult {
    /** The session goes on: tell the client it is assigned, after {@code queuedMs}, and relay. */
    record Relay(long queuedMs) implements ClaimResult {
    }

    /** The client left while the claim was in flight: close the bot's socket and publish {@code ended}. */
    record Release(SessionEnded ended) implements ClaimResult {
    }
}
