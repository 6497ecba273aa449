package io.warmpool.poolmanager.pool;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    boolean quarantined(String botId) {
        Strike s = strikes.get(botId);
        return s != null && s.count() >= MAX;
    }

    int count(String botId) {
        Strike s = strikes.get(botId);
        return s == null ? 0 : s.count();
    }

    /** Forgets bots that left, and those that since served a session. */
    void update(Collection<Bot> bots) {
        Set<String> keep = bots.stream().filter(b -> b.status() != BotStatus.BUSY).map(Bot::botId)
                .collect(Collectors.toSet());
        strikes.keySet().retainAll(keep);
    }
}
