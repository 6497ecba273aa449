package io.warmpool.router.routing;

import java.time.Duration;
import java.util.List;

/**
 * What one router accepts from its clients.
 *
 * @param maxFrameBytes   the transport's hard cap on a frame or message (16 MiB by default): up to it a
 *                        message over {@code maxMessageBytes} is read whole and refused with 1009;
 *                        beyond it the connection is dropped at once (the client may see 1006)
 * @param maxMessageBytes a larger message (UTF-8 bytes) is refused and the connection closed with 1009
 * @param ratePerSecond   messages per second per connection, sustained
 * @param rateBurst       messages in a burst; as many refusals in a row close with 1008
 * @param maxSessions     concurrent sessions; beyond it a client is {@code rejected} (overloaded)
 * @param slowClient      how long a client may leave the bot's output unread before the session ends
 * @param clientPing      ping interval; a client silent for two intervals has vanished
 * @param botPing         ping interval of a relaying bot's socket; {@link #BOT_PING_MISSES} unanswered
 *                        in a row and the bot is gone (the session ends {@code bot_lost})
 * @param allowedOrigins  browser origins allowed besides the router's own (same-origin only when empty;
 *                        {@code *} allows any)
 */
public record Limits(int maxFrameBytes, int maxMessageBytes, double ratePerSecond, int rateBurst, int maxSessions,
                     Duration slowClient, Duration clientPing, Duration botPing, List<String> allowedOrigins) {
    /** Pings a bot may leave unanswered in a row: 3 at the default 5 s, a bot silent 15 to 20 s is gone. */
    public static final int BOT_PING_MISSES = 3;
    /** Pings a client may leave unanswered in a row. */
    public static final int CLIENT_PING_MISSES = 2;

    public Limits {
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
