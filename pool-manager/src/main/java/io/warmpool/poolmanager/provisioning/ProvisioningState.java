package io.warmpool.poolmanager.provisioning;

import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.poolmanager.liveness.Liveness;
import io.warmpool.poolmanager.pool.PoolPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the provisioner knows and decides, without I/O: the bots the runtime listed, which are ours,
 * when each was last heard, the deficits handled, the spawns queued and in flight, and the deficits
 * held back by the cap until the runtime's next listing. Each input comes with the time it was read;
 * the provisioner service does the I/O the answers ask for.
 *
 * <p>A deficit is capped so that a pool's running, queued and in-flight bots stay within what the
 * allocator's own picture allows ({@link SpawnQueue#limit}). A running count can be stale (a bot
 * killed with SIGKILL still counts until the runtime is listed again), so what the cap held back is
 * parked, not dropped: the service lists the runtime at once, and the first listing made after it
 * offers the parked deficit once more; what that listing still leaves no room for is dropped (the
 * count was right: the allocator asks again when it misses bots).
 */
public final class ProvisioningState {
    /** What became of one {@code pool.deficit}. */
    public sealed interface DeficitOutcome {
        /** Older than the spawn timeout: its allocator has given it up. */
        record Stale(long ageMs) implements DeficitOutcome {
        }

        /** Its provisionId was handled before. */
        record Duplicate() implements DeficitOutcome {
        }

        /** This installation does not serve that pool. */
        record UnknownPool() implements DeficitOutcome {
        }

        /** {@code queued} bots queued for spawning, {@code parked} held back by the cap until the next listing. */
        record Queued(int queued, int parked, int running, int limit) implements DeficitOutcome {
        }
    }

    private record Parked(PoolDeficit deficit, int remaining, long expiresAt, long parkedAt) {
    }

    private final Map<String, PoolPolicy> pools;
    private final BotSpecs specs;
    private final Supplier<String> idSuffixes;
    private final long spawnTimeoutMs;
    private final long bootTimeoutMs;
    private final Reconciler reconciler;
    private final SpawnQueue queue;
    private final ProvisionLedger ledger = new ProvisionLedger(100_000);
    private final Liveness input;
    private final long startedAt;
    private final Map<String, ManagedBot> bots = new HashMap<>();
    private final Set<String> ours = new HashSet<>();
    private final Map<String, Long> lastHeartbeat = new HashMap<>();
    private final Map<String, Parked> parked = new LinkedHashMap<>();

    /**
     * @param idSuffixes a fresh suffix for each bot id ({@code <pool>-<suffix>})
     * @param maxConcurrentSpawns how many bots may boot at once (spawn call to first heartbeat)
     * @param bootTimeout a boot not heard from by then gives its slot up (the bot is judged by {@code spawnTimeout})
     * @param startedAt  when this provisioner started: bots of an earlier run are judged from then on
     */
    public ProvisioningState(Map<String, PoolPolicy> pools, BotSpecs specs, Supplier<String> idSuffixes,
                             Duration spawnTimeout, Duration silenceTimeout, int maxConcurrentSpawns,
                             Duration bootTimeout, long startedAt) {
        this.pools = Map.copyOf(pools);
        this.specs = specs;
        this.idSuffixes = idSuffixes;
        this.spawnTimeoutMs = spawnTimeout.toMillis();
        this.bootTimeoutMs = bootTimeout.toMillis();
        this.reconciler = new Reconciler(spawnTimeout, silenceTimeout);
        this.queue = new SpawnQueue(maxConcurrentSpawns);
        // Half the silence bound: a stall just short of it plus a heartbeat interval stays well below.
        this.input = new Liveness(Math.max(1, silenceTimeout.toMillis() / 2));
        this.startedAt = startedAt;
    }

    /** Bots the runtime held at start, from an earlier run: adopted or removed by the first reconciles. */
    public void found(List<ManagedBot> existing) {
        existing.forEach(b -> bots.put(b.botId(), b));
    }

    /** @return whether the heartbeat ended the bot's boot and so freed a spawn slot (spawn the next) */
    public boolean heartbeat(String botId, BotState state, long now) {
        input.input(now);
        boolean freed = queue.booted(botId);
        if (state == BotState.EXITING) {
            lastHeartbeat.remove(botId);
            // Counted out at once, not at the next listing, so a replacement is not capped away.
            bots.computeIfPresent(botId, (id, b) -> new ManagedBot(id, b.pool(), b.provisionId(), false,
                    b.startedAt()));
        } else {
            lastHeartbeat.put(botId, now);
        }
        return freed;
    }

    /** A {@code pool.status} was read: the input flows, so the bots' silence counts. */
    public void statusRead(long now) {
        input.input(now);
    }

    public DeficitOutcome deficit(PoolDeficit d, long now) {
        long age = now - d.emittedAt();
        if (age > spawnTimeoutMs) {
            return new DeficitOutcome.Stale(age);
        }
        if (!ledger.firstTime(d.provisionId())) {
            return new DeficitOutcome.Duplicate();
        }
        if (!pools.containsKey(d.pool())) {
            return new DeficitOutcome.UnknownPool();
        }
        return offer(d, d.missing(), d.emittedAt() + spawnTimeoutMs, now);
    }

    /** The next bot to spawn, if a spawn slot is free; boots older than the boot timeout give theirs up first. */
    public Optional<BotSpec> nextSpawn(long now) {
        queue.expireBoots(now, bootTimeoutMs);
        return queue.take(now);
    }

    public void spawned(BotSpec spec, ManagedBot bot) {
        queue.spawned(spec.botId(), lastHeartbeat.containsKey(spec.botId()));
        bots.put(bot.botId(), bot);
        ours.add(bot.botId());
    }

    /**
     * A spawn failed: the bots still queued or parked for its provisionId are given up with it (what
     * failed one spawn fails the next).
     *
     * @return how many bots of that provisionId will not come
     */
    public int spawnFailed(BotSpec spec) {
        queue.done(spec.botId());
        Parked held = parked.remove(spec.provisionId());
        return 1 + queue.dropQueued(spec.provisionId()).size() + (held == null ? 0 : held.remaining());
    }

    /**
     * The runtime's listing, made at {@code listedAt}: it replaces what was known, yields what to
     * reap, stop and adopt, and offers once more the deficits parked before it was made (call
     * {@link #nextSpawn} after it).
     */
    public List<ReconcileAction> listed(List<ManagedBot> listed, long listedAt, long now) {
        // A bot spawned after the listing was made is not in it (booting, or heard from since): forgotten
        // here, it no longer counted against the pool's max and a parked deficit could spawn past it.
        List<ManagedBot> newer = bots.values().stream().filter(b -> queue.isBooting(b.botId())
                || lastHeartbeat.getOrDefault(b.botId(), Long.MIN_VALUE) > listedAt).toList();
        bots.clear();
        listed.forEach(b -> bots.put(b.botId(), b));
        newer.forEach(b -> bots.putIfAbsent(b.botId(), b));
        // A bot that exited before its first heartbeat boots no more: its slot is free.
        listed.stream().filter(b -> !b.running()).forEach(b -> queue.booted(b.botId()));
        Set<String> spawning = new HashSet<>();
        listed.stream().filter(b -> queue.isInFlight(b.botId())).forEach(b -> spawning.add(b.botId()));
        List<ReconcileAction> actions = reconciler.plan(listed, Map.copyOf(lastHeartbeat), input, Set.copyOf(ours),
                spawning, startedAt);
        for (Parked p : List.copyOf(parked.values())) {
            if (p.parkedAt() > listedAt) {
                continue; // this listing may predate the death that freed the room: wait for the next one
            }
            parked.remove(p.deficit().provisionId());
            if (p.expiresAt() > now) {
                offer(p.deficit(), p.remaining(), p.expiresAt(), -1);
            }
        }
        return actions;
    }

    public void adopted(String botId) {
        ours.add(botId);
    }

    /** A bot was reaped or stopped: it is forgotten. */
    public void removed(String botId) {
        queue.done(botId);
        bots.remove(botId);
        ours.remove(botId);
        lastHeartbeat.remove(botId);
    }

    /** Bots of a pool that run, as last listed or spawned. */
    public int running(String pool) {
        return (int) bots.values().stream().filter(b -> b.pool().equals(pool) && b.running()).count();
    }

    public int known() {
        return bots.size();
    }

    /** Spawn slots held: spawn calls under way and bots booting (spawned, not heard from yet). */
    public int spawnsInFlight() {
        return queue.slotsTaken();
    }

    public int booting() {
        return queue.booting();
    }

    public int parked() {
        return parked.values().stream().mapToInt(Parked::remaining).sum();
    }

    /** @param parkAt when what the cap holds back is parked, or -1 to drop it */
    private DeficitOutcome.Queued offer(PoolDeficit d, int missing, long expiresAt, long parkAt) {
        PoolPolicy policy = pools.get(d.pool());
        int running = running(d.pool());
        int limit = SpawnQueue.limit(policy.maxBots(), d.snapshot());
        int queued = queue.offer(d.pool(), d.provisionId(), missing, running, limit,
                () -> specs.spec(d.pool() + "-" + idSuffixes.get(), d.pool(), d.provisionId(), policy)).size();
        int rest = missing - queued;
        if (rest > 0 && parkAt >= 0) {
            parked.put(d.provisionId(), new Parked(d, rest, expiresAt, parkAt));
        }
        return new DeficitOutcome.Queued(queued, parkAt >= 0 ? rest : 0, running, limit);
    }
}
