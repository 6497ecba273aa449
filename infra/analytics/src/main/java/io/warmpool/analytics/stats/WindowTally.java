package io.warmpool.analytics.stats;

import io.warmpool.events.BotState;
import io.warmpool.events.BotTime;
import io.warmpool.events.PoolStats;
import io.warmpool.events.SessionCounts;
import io.warmpool.events.SpawnCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals of one pool in one window: the aggregate the topology keeps per window. It
 * keeps every latency sample, so that percentiles are exact (a window holds at most a few
 * thousand sessions of a pool).
 */
public final class WindowTally {
    private long requested;
    private long assigned;
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> ended = new TreeMap<>();
    private final List<Long> queuedMs = new ArrayList<>();
    private final List<Long> durationMs = new ArrayList<>();
    private long liveMs;
    private long busyMs;
    private long readyMs;
    private long spawnsAsked;
    private long spawnsFailed;
    private final List<Long> deficitToReadyMs = new ArrayList<>();

    public WindowTally add(Fact fact) {
        if (fact instanceof Fact.Requested) {
            requested++;
        } else if (fact instanceof Fact.Assigned a) {
            assigned++;
            queuedMs.add(a.queuedMs());
        } else if (fact instanceof Fact.Rejected r) {
            rejected.merge(r.reason(), 1L, Long::sum);
        } else if (fact instanceof Fact.Ended e) {
            ended.merge(e.reason(), 1L, Long::sum);
            durationMs.add(e.durationMs());
        } else if (fact instanceof Fact.BotTime t) {
            addBotTime(t);
        } else if (fact instanceof Fact.SpawnsAsked s) {
            spawnsAsked += s.bots();
        } else if (fact instanceof Fact.SpawnsFailed f) {
            spawnsFailed += f.bots();
        } else if (fact instanceof Fact.ReadyAfterDeficit r) {
            deficitToReadyMs.add(r.ms());
        }
        return this;
    }

    private void addBotTime(Fact.BotTime t) {
        liveMs += t.ms();
        if (t.state() == BotState.BUSY) {
            busyMs += t.ms();
        } else if (t.state() == BotState.READY) {
            readyMs += t.ms();
        }
    }

    public PoolStats toStats(String pool, long windowStart, long windowEnd) {
        return PoolStats.of(pool, windowStart, windowEnd, new SessionCounts(requested, assigned, rejected, ended),
                Percentiles.of(queuedMs), Percentiles.of(durationMs), BotTime.of(liveMs, busyMs, readyMs),
                new SpawnCounts(spawnsAsked, spawnsFailed, Percentiles.of(deficitToReadyMs)));
    }
}
