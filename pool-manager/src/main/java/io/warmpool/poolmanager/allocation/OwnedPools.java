package io.warmpool.poolmanager.allocation;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RejectReason;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.poolmanager.pool.Effects;
import io.warmpool.poolmanager.pool.Pool;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.pool.RequestKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Routes each input to the {@link Pool} it names, among the pools this allocator owns. A request for
 * a pool that is not configured is rejected {@code unknown_pool}; other inputs about such a pool are
 * ignored. Each input is applied to its pool whole or not at all ({@link Pool#atomically}). Pure: no
 * clock, no I/O.
 */
public final class OwnedPools {
    private final Map<String, PoolPolicy> policies;
    private final Function<String, Supplier<String>> provisionIds;
    private final Map<String, Pool> owned = new TreeMap<>();

    /** @param provisionIds for a pool name, the source of its fresh provisionIds */
    public OwnedPools(Map<String, PoolPolicy> policies, Function<String, Supplier<String>> provisionIds) {
        this.policies = Map.copyOf(policies);
        this.provisionIds = provisionIds;
    }

    public Set<String> configuredPools() {
        return policies.keySet();
    }

    public Set<String> ownedPools() {
        return owned.keySet();
    }

    public Optional<Pool> pool(String name) {
        return Optional.ofNullable(owned.get(name));
    }

    /** Takes over the given pools; each one not owned yet is rebuilt from the heartbeats to come. */
    public void own(Set<String> pools, long now) {
        for (String name : pools) {
            PoolPolicy policy = policies.get(name);
            if (policy != null) {
                owned.computeIfAbsent(name, n -> new Pool(n, policy, now, provisionIds.apply(n)));
            }
        }
    }

    /** Drops every pool (their partitions went elsewhere); returns the requests that were still waiting. */
    public List<RequestKey> dropAll() {
        List<RequestKey> waiting = new ArrayList<>();
        owned.values().forEach(p -> waiting.addAll(p.waiting()));
        owned.clear();
        return waiting;
    }

    public boolean isQueued(String pool, RequestKey key) {
        Pool p = owned.get(pool);
        return p != null && p.isQueued(key);
    }

    public Effects request(SessionRequested r, long now) {
        if (!policies.containsKey(r.pool())) {
            return Effects.answer(RequestKey.of(r), SessionRejected.of(r.sessionId(), r.attempt(), r.routerId(),
                    r.pool(), RejectReason.UNKNOWN_POOL, now));
        }
        return apply(r.pool(), now, p -> p.request(r, now));
    }

    public Effects heartbeat(BotHeartbeat hb, long now) {
        return apply(hb.pool(), now, p -> p.heartbeat(hb, now));
    }

    public Effects sessionEnded(SessionEnded e, long now) {
        return apply(e.pool(), now, p -> p.sessionEnded(e, now));
    }

    public Effects spawnFailed(BotSpawnFailed f, long now) {
        return apply(f.pool(), now, p -> p.spawnFailed(f, now));
    }

    public Effects withdrawn(SessionWithdrawn w, long now) {
        return apply(w.pool(), now, p -> p.withdrawn(w, now));
    }

    public Effects routerHeartbeat(RouterHeartbeat h, long now) {
        return apply(h.pool(), now, p -> p.routerHeartbeat(h, now));
    }

    public Effects claimFailed(ClaimFailed f, long now) {
        return apply(f.pool(), now, p -> p.claimFailed(f, now));
    }

    private Effects apply(String pool, long now, Function<Pool, Effects> input) {
        return policies.containsKey(pool) ? poolOf(pool, now).atomically(input) : Effects.NONE;
    }

    /**
     * A {@code pool.status} of an owned pool was read back through the pool's partition: evidence
     * that the pool's input flows, so that even a pool of one bot notices that bot's silence.
     */
    public void statusRead(PoolStatus status, long now) {
        Pool p = owned.get(status.pool());
        if (p != null) {
            p.inputRead(now);
        }
    }

    public Effects tick(long now) {
        Effects all = Effects.NONE;
        for (Pool p : owned.values()) {
            all = all.plus(p.atomically(pool -> pool.tick(now)));
        }
        return all;
    }

    public List<PoolStatus> statuses(String allocatorId, long now) {
        return owned.values().stream().map(p -> p.status(allocatorId, now)).toList();
    }

    public Map<String, PoolSnapshot> snapshots() {
        Map<String, PoolSnapshot> snapshots = new TreeMap<>();
        owned.forEach((name, p) -> snapshots.put(name, p.snapshot()));
        return snapshots;
    }

    /**
     * A record about a configured pool reached us, so its partition is ours even if the ownership
     * computed at assignment missed it (a producer with another partitioner): take the pool over.
     */
    private Pool poolOf(String name, long now) {
        own(Set.of(name), now);
        return owned.get(name);
    }
}
