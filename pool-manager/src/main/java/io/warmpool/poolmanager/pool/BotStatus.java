package io.warmpool.poolmanager.pool;

/**
 * A bot as the allocator sees it: the states the bot reports, plus ASSIGNED (handed to a session,
 * not yet confirmed BUSY) and LOST (silent too long; removed at once).
 */
public enum BotStatus {
    STARTING, READY, ASSIGNED, BUSY, EXITING, LOST
}
