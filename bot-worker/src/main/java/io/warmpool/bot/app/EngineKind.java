package io.warmpool.bot.app;

/** Which {@link io.warmpool.bot.engine.ChatEngine} a bot runs ({@code WARMPOOL_BOT_ENGINE}). */
public enum EngineKind {
    RULES, OPENAI
}
