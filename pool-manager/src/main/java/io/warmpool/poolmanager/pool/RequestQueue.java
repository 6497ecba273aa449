package io.warmpool.poolmanager.pool;

import io.warmpool.events.SessionRequested;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The requests of one pool waiting for a bot, first come first served. */
final class RequestQueue {
    /** A waiting request and the moment it stops waiting. */
    record Entry(SessionRequested request, long deadline) {
        RequestKey key() {
            return RequestKey.of(request);
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Set<RequestKey> keys = new HashSet<>();

    RequestQueue copy() {
        RequestQueue c = new RequestQueue();
        c.restore(this);
        return c;
    }

    void restore(RequestQueue from) {
        entries.clear();
        entries.addAll(from.entries);
        keys.clear();
        keys.addAll(from.keys);
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean contains(RequestKey key) {
        return keys.contains(key);
    }

    List<RequestKey> keys() {
        return entries.stream().map(Entry::key).toList();
    }

    void add(Entry entry) {
        entries.addLast(entry);
        keys.add(entry.key());
    }

    Entry poll() {
        Entry head = entries.pollFirst();
        if (head != null) {
            keys.remove(head.key());
        }
        return head;
    }

    /** Removes and returns, in queue order, the entries that match. */
    List<Entry> removeIf(Predicate<Entry> condition) {
        List<Entry> removed = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (condition.test(e)) {
                it.remove();
                keys.remove(e.key());
                removed.add(e);
            }
        }
        return removed;
    }
}
