package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/**
 * One bot as the allocator sees it in {@code pool.status}. The allocator knows two states the bot
 * never reports itself: ASSIGNED (handed over, not yet BUSY) and LOST (silent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotView(String botId, String state, String sessionId, long since) {
    public static final Set<String> STATES = Set.of("STARTING", "READY", "ASSIGNED", "BUSY", "EXITING", "LOST");

    public BotView {
        Require.id("bots[].botId", botId);
        if (!STATES.contains(state)) {
            throw new InvalidFieldException("bots[].state", "must be one of " + STATES + " but was '" + state + "'");
        }
        Require.optionalId("bots[].sessionId", sessionId);
        Require.notNegative("bots[].since", since);
    }
}
