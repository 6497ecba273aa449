package io.warmpool.poolmanager.pool;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which bot a request gets: among the assignable ones, the bot READY the longest (ties by id). Fair,
 * and it keeps the longest-warm bots in use.
 */
final class ReadySelector {
    private static final Comparator<Bot> LONGEST_READY = Comparator.comparingLong(Bot::readySince)
            .thenComparing(Bot::botId);

    private ReadySelector() {
    }

    static Optional<Bot> pick(Collection<Bot> bots) {
        return bots.stream().filter(Bot::assignable).min(LONGEST_READY);
    }
}
