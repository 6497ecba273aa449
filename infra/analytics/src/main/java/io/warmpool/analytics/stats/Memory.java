package io.warmpool.analytics.stats;

import java.util.Optional;

/**
 * What {@link FactFinder} must remember across windows, per pool: outcomes already counted, the
 * last heartbeat of each bot, when each deficit was asked. State stores in the topology, maps in tests.
 */
public interface Memory {
    /** True the first time {@code key} is seen (and remembers it as seen at {@code at}). */
    boolean firstTime(String key, long at);

    Optional<BotMark> bot(String botId);

    void bot(String botId, BotMark mark);

    Optional<Long> deficitAt(String provisionId);

    void deficit(String provisionId, long at);
}
