package io.warmpool.router.http;

import io.warmpool.events.PoolStats;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The last hour of {@code pool.stats} of every pool, for the charts on {@code /pools}. "The last
 * hour" is counted back from the newest window of the pool (event time, not this router's clock),
 * and a window read twice (a replay) is kept once.
 */
public final class StatsHistory {
    static final long HOUR_MS = 3_600_000;

    private final Map<String, NavigableMap<Long, PoolStats>> pools = new TreeMap<>();

    /** Keeps {@code stats}; false when it is already older than the hour shown. */
    public boolean add(PoolStats stats) {
        NavigableMap<Long, PoolStats> windows = pools.computeIfAbsent(stats.pool(), p -> new TreeMap<>());
        windows.put(stats.windowStart(), stats);
        long from = windows.lastEntry().getValue().windowEnd() - HOUR_MS;
        windows.headMap(from, false).clear();
        return stats.windowStart() >= from;
    }

    /** Every window kept, pool by pool, oldest first. */
    public List<PoolStats> all() {
        return pools.values().stream().flatMap(w -> w.values().stream()).toList();
    }
}
