package io.warmpool.poolmanager.pool;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set whose members are forgotten after a fixed retention, and beyond a size cap (oldest first),
 * so that memory stays bounded however long the allocator runs.
 */
final class Expiring<T> {
    private final long retentionMs;
    private final int cap;
    private final LinkedHashMap<T, Long> expiry = new LinkedHashMap<>();

    Expiring(long retentionMs, int cap) {
        this.retentionMs = retentionMs;
        this.cap = cap;
    }

    void add(T member, long now) {
        expiry.remove(member);
        expiry.put(member, now + retentionMs);
        if (expiry.size() > cap) {
            Iterator<T> eldest = expiry.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    boolean contains(T member) {
        return expiry.containsKey(member);
    }

    /** Insertion order is expiry order (one retention, time moves forward), so only the head is checked. */
    void expire(long now) {
        Iterator<Map.Entry<T, Long>> it = expiry.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= now) {
            it.remove();
        }
    }
}
