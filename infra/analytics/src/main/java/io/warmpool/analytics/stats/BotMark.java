package io.warmpool.analytics.stats;

import io.warmpool.events.BotState;

/** What analytics remembers of a bot: its last heartbeat's state, time and seq, and whether it was READY yet. */
public record BotMark(BotState state, long at, long seq, boolean readySeen) {
}
