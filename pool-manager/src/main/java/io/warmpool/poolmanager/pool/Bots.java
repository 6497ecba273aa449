package io.warmpool.poolmanager.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The bots of a pool, with the indexes every input needs kept up to date as bots change, so that
 * no input scans them all: the count per status, the assignable bots ordered most recently READY
 * first, and the bots by the session they hold. Bots keep the order in which they first arrived. Changes
 * can be journaled and undone exactly, order included (see {@link Pool}'s checkpoints), without
 * copying the bots per input.
 */
final class Bots {
    /** A bot and the rank of its arrival, which orders {@link #values()}. */
    private record Held(long arrival, Bot bot) {
    }

    /** One change: the bot's entry before it, null when it had none. */
    private record Undo(String botId, Held before) {
    }

    private final Map<String, Held> byId = new HashMap<>();
    private final TreeMap<Long, Bot> inArrivalOrder = new TreeMap<>();
    /**
     * Most recently READY first, ties by id. A reused bot that has just served is the warmest one: its
     * code compiled, its caches and upstream connections hot. Handing sessions to the longest READY
     * instead spread them thinly over every bot, so each stayed cold (per session, a bot's CPU falls
     * from about 29 ms over its first 50 sessions to 11 ms after 400), and the bots not needed kept
     * waking up instead of idling.
     */
    private static final Comparator<Bot> MOST_RECENTLY_READY = Comparator.comparingLong(Bot::readySince)
            .reversed().thenComparing(Bot::botId);

    private final NavigableSet<Bot> assignable = new TreeSet<>(MOST_RECENTLY_READY);
    private final Map<String, Set<String>> bySession = new HashMap<>();
    private final Map<BotStatus, Integer> counts = new EnumMap<>(BotStatus.class);
    private long arrivals;
    private List<Undo> journal; // while a checkpoint is open

    Bot get(String botId) {
        Held h = byId.get(botId);
        return h == null ? null : h.bot();
    }

    int size() {
        return byId.size();
    }

    int count(BotStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** The bots in the order they arrived, as a read-only view. */
    Collection<Bot> values() {
        return Collections.unmodifiableCollection(inArrivalOrder.values());
    }

    /** Adds the bot, or replaces the one of the same id in its place. */
    void put(Bot bot) {
        Held before = byId.get(bot.botId());
        record(bot.botId(), before);
        set(bot.botId(), new Held(before == null ? arrivals++ : before.arrival(), bot));
    }

    void remove(String botId) {
        Held before = byId.get(botId);
        if (before != null) {
            record(botId, before);
            set(botId, null);
        }
    }

    /** Which bot a request gets: among the assignable ones not held back, the bot READY most recently (ties by id). */
    Optional<Bot> nextReady(Predicate<Bot> heldBack) {
        for (Bot b : assignable) {
            if (!heldBack.test(b)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The bots whose {@code sessionId} is the given one (in any status). */
    List<Bot> withSession(String sessionId) {
        Set<String> ids = bySession.get(sessionId);
        if (ids == null) {
            return List.of();
        }
        return ids.stream().map(this::get).toList();
    }

    /** Starts journaling changes. */
    void begin() {
        journal = new ArrayList<>();
    }

    /** Undoes every change since {@link #begin()}, order of arrival included. */
    void rollback() {
        List<Undo> undo = journal;
        journal = null;
        for (int i = undo.size() - 1; i >= 0; i--) {
            set(undo.get(i).botId(), undo.get(i).before());
        }
    }

    void commit() {
        journal = null;
    }

    private void record(String botId, Held before) {
        if (journal != null) {
            journal.add(new Undo(botId, before));
        }
    }

    /** Replaces the bot's entry ({@code null}: none) and every index with it. */
    private void set(String botId, Held entry) {
        Held old = entry == null ? byId.remove(botId) : byId.put(botId, entry);
        if (old != null) {
            unindex(old);
        }
        if (entry != null) {
            index(entry);
        }
    }

    private void index(Held h) {
        Bot b = h.bot();
        inArrivalOrder.put(h.arrival(), b);
        counts.merge(b.status(), 1, Integer::sum);
        if (b.assignable()) {
            assignable.add(b);
        }
        if (b.sessionId() != null) {
            bySession.computeIfAbsent(b.sessionId(), s -> new HashSet<>(2)).add(b.botId());
        }
    }

    private void unindex(Held h) {
        Bot b = h.bot();
        inArrivalOrder.remove(h.arrival());
        counts.merge(b.status(), -1, Integer::sum);
        if (b.assignable()) {
            assignable.remove(b);
        }
        if (b.sessionId() != null) {
            Set<String> ids = bySession.get(b.sessionId());
            ids.remove(b.botId());
            if (ids.isEmpty()) {
                bySession.remove(b.sessionId());
            }
        }
    }
}
