package io.warmpool.bench.load;

/** Where a bot listens, for clients that talk to it without the router. */
public record BotAddress(String botId, int port) {
}
