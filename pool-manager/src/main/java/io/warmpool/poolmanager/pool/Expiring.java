package io.warmpool.poolmanager.pool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set whose members are forgotten after a fixed retention, and beyond a size cap (oldest first),
 * so that memory stays bounded however long the allocator runs. Changes can be journaled and
 * undone (see {@link Pool}'s checkpoints), without copying the whole set per input.
 */
final class Expiring<T> {
    private final long retentionMs;
    private final int cap;
    private final LinkedHashMap<T, Long> expiry = new LinkedHashMap<>();
    private List<Runnable> journal; // undo steps while a checkpoint is open

    Expiring(long retentionMs, int cap) {
        this.retentionMs = retentionMs;
        this.cap = cap;
    }

    void add(T member, long now) {
        Long before = expiry.remove(member);
        expiry.put(member, now + retentionMs);
        record(() -> {
            expiry.remove(member);
            if (before != null) {
                expiry.put(member, before);
            }
        });
        if (expiry.size() > cap) {
            Iterator<Map.Entry<T, Long>> eldest = expiry.entrySet().iterator();
            Map.Entry<T, Long> gone = eldest.next();
            T key = gone.getKey();
            Long at = gone.getValue();
            eldest.remove();
            record(() -> expiry.put(key, at));
        }
    }

    boolean contains(T member) {
        return expiry.containsKey(member);
    }

    int count(java.util.function.Predicate<T> which) {
        int n = 0;
        for (T member : expiry.keySet()) {
            n += which.test(member) ? 1 : 0;
        }
        return n;
    }

    /** Insertion order is expiry order (one retention, time moves forward), so only the head is checked. */
    void expire(long now) {
        Iterator<Map.Entry<T, Long>> it = expiry.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<T, Long> e = it.next();
            if (e.getValue() > now) {
                return;
            }
            T key = e.getKey();
            Long at = e.getValue();
            it.remove();
            record(() -> expiry.put(key, at));
        }
    }

    /** Starts journaling changes. */
    void begin() {
        journal = new ArrayList<>();
    }

    /** Undoes every change since {@link #begin()}; members put back keep their expiry (their order may not). */
    void rollback() {
        List<Runnable> undo = journal;
        journal = null;
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
    }

    void commit() {
        journal = null;
    }

    private void record(Runnable undo) {
        if (journal != null) {
            journal.add(undo);
        }
    }
}
