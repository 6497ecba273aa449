package io.warmpool.poolmanager.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provisionIds already handled. Deficits arrive at least once, so the same one may come again
 * after a rebalance or a restart of the allocator's producer; each is spawned for only once. The
 * memory is bounded: an id older than the last {@code capacity} is long settled by then.
 */
public final class ProvisionLedger {
    private final Map<String, Boolean> seen;

    public ProvisionLedger(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a provisionId is offered, false ever after (within capacity). */
    public boolean firstTime(String provisionId) {
        return seen.putIfAbsent(provisionId, Boolean.TRUE) == null;
    }
}
