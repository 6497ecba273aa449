package io.warmpool.router.session;

/**
 * Where a session stands, as its router sees it: QUEUED (asked for a bot, waiting for an answer),
 * CLAIMING (a bot was assigned, the router is presenting its claim), RELAYING (the bot accepted;
 * frames flow both ways), ENDED (over, whichever way).
 */
public enum SessionState {
    QUEUED, CLAIMING, RELAYING, ENDED
}
