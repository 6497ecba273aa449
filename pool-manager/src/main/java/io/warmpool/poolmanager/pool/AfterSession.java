package io.warmpool.poolmanager.pool;

/** What a bot does once its session is over. */
public enum AfterSession {
    /** The bot exits; the allocator expects an EXITING heartbeat and replaces it. */
    RETIRE,
    /** The bot resets and serves again; the allocator expects a READY heartbeat. */
    REUSE
}
