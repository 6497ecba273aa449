package io.warmpool.poolmanager.pool;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Bots whose claims failed. A bot whose claim failed is not handed out again until it proves itself
 * with a heartbeat sent after the failure (a higher {@code seq}); after {@link #MAX} failures in a
 * row (401 or unreachable; a 409 only says it was taken) it is not handed out at all and no longer
 * counts as READY, so a replacement is asked for. A session it serves (BUSY) clears its record.
 */
final class ClaimStrikes {
    static final int MAX = 3;

    private record Strike(int count, long seqAtFailure) {
    }

    private final Map<String, Strike> strikes = new HashMap<>();

    ClaimStrikes copy() {
        ClaimStrikes c = new ClaimStrikes();
        c.strikes.putAll(strikes);
        return c;
    }

    /** Records a failed claim of {@code bot}; {@code counts} is false for a refusal that says nothing against it. */
    int failed(Bot bot, boolean counts) {
        Strike old = strikes.get(bot.botId());
        int count = (old == null ? 0 : old.count()) + (counts ? 1 : 0);
        strikes.put(bot.botId(), new Strike(count, bot.seq()));
        return count;
    }

    boolean heldBack(Bot bot) {
        Strike s = strikes.get(bot.botId());
        return s != null && (s.count() >= MAX || bot.seq() <= s.seqAtFailure());
    }

    int count(String botId) {
        Strike s = strikes.get(botId);
        return s == null ? 0 : s.count();
    }

    /** Of the bots {@code bots} knows (null: unknown), how many READY ones are no longer handed out at all. */
    int quarantinedReady(Function<String, Bot> bots) {
        int n = 0;
        for (Map.Entry<String, Strike> e : strikes.entrySet()) {
            Bot bot = e.getValue().count() >= MAX ? bots.apply(e.getKey()) : null;
            n += bot != null && bot.status() == BotStatus.READY ? 1 : 0;
        }
        return n;
    }

    /** Forgets bots that left, and those that since served a session; {@code bots} finds a bot by id (null: gone). */
    void update(Function<String, Bot> bots) {
        strikes.keySet().removeIf(id -> {
            Bot bot = bots.apply(id);
            return bot == null || bot.status() == BotStatus.BUSY;
        });
    }
}
