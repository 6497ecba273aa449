package io.warmpool.bot.session;

import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;

/** What is left of a session once it ended, and the state the bot moved on to. */
public record SessionSummary(String sessionId, EndReason reason, long durationMs, int messages, BotState next) {
}
