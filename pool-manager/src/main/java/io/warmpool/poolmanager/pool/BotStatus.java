package io.warmpool.poolmanager.pool;

/**
 * A bot as the allocator sees it: the states the bot reports, plus ASSIGNED (handed to a session,
 * not yet confirmed BUSY) and LOST (silent too long while the pool's input flowed: no capacity, and
 * replaced, until its next heartbeat readmits it in the state it reports; one LOST with a session
 * and heard READY again is ASSIGNED to it, as that session's claim may still come).
 */
public enum BotStatus {
    STARTING, READY, ASSIGNED, BUSY, EXITING, LOST
}
