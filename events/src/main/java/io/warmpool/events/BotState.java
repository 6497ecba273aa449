package io.warmpool.events;

/** A bot's own view of its lifecycle, as it reports it in heartbeats. */
public enum BotState {
    STARTING, READY, BUSY, EXITING
}
