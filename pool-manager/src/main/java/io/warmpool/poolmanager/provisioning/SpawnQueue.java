package io.warmpool.poolmanager.provisioning;

import io.warmpool.events.PoolSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bots waiting to be spawned, released at most {@code maxConcurrent} at a time so a burst of
 * deficits does not stampede the machine. A slot is held for the CPU-heavy part of a start: from
 * the spawn call until the bot's first heartbeat (its JVM or container is up), or until the boot
 * times out; not through the bot's warm-up, which only waits. A pool never gets more bots than its {@code maxBots},
 * counting those that run, those being spawned and those queued: overlapping deficits (two
 * allocators during a rebalance, a retry racing a late heartbeat) cannot over-create.
 */
public final class SpawnQueue {
    /** A taken slot: whose, and since when. */
    private record Slot(BotSpec spec, long takenAt) {
    }

    private final int maxConcurrent;
    private final Deque<BotSpec> waiting = new ArrayDeque<>();
    /** Spawn calls under way: counted against the pool's cap until the bot runs. */
    private final Map<String, Slot> inFlight = new HashMap<>();
    /** Spawned, not heard from yet: the bot runs (and counts as running), its slot is still held. */
    private final Map<String, Slot> booting = new HashMap<>();

    public SpawnQueue(int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * The most bots a pool should have according to one deficit: what its allocator knew of
     * ({@code total}) plus what it is waiting for, this deficit included ({@code pending}), and
     * never more than {@code maxBots}. A deficit asked again by an allocator that lost track of
     * earlier ones (a rebalance) then adds nothing to bots the provisioner already runs.
     */
    public static int limit(int maxBots, PoolSnapshot snapshot) {
        return Math.min(maxBots, snapshot.total() + snapshot.pending());
    }

    /**
     * Queues up to {@code missing} bots for a deficit, capped so that {@code running} plus what is
     * queued or in flight for the pool stays within {@code maxBots} (see {@link #limit}).
     *
     * @return the specs queued (possibly fewer than asked, possibly none)
     */
    public List<BotSpec> offer(String pool, String provisionId, int missing, int running, int maxBots,
                               Supplier<BotSpec> nextSpec) {
        int room = maxBots - running - count(pool);
        List<BotSpec> queued = new ArrayList<>();
        for (int i = 0; i < Math.min(missing, room); i++) {
            BotSpec spec = nextSpec.get();
            if (!spec.pool().equals(pool) || !spec.provisionId().equals(provisionId)) {
                throw new IllegalArgumentException("spec " + spec.botId() + " is not for " + pool + "/" + provisionId);
            }
            waiting.addLast(spec);
            queued.add(spec);
        }
        return queued;
    }

    /** The next bot to spawn now, if a slot is free; its slot is held from {@code now}. */
    public Optional<BotSpec> take(long now) {
        if (slotsTaken() >= maxConcurrent || waiting.isEmpty()) {
            return Optional.empty();
        }
        BotSpec spec = waiting.removeFirst();
        inFlight.put(spec.botId(), new Slot(spec, now));
        return Optional.of(spec);
    }

    /**
     * The spawn call returned: the bot runs and boots in its slot until {@link #booted}, unless it
     * was {@code heard} already (a spawn call slower than the bot's start).
     */
    public void spawned(String botId, boolean heard) {
        Slot slot = inFlight.remove(botId);
        if (slot != null && !heard) {
            booting.put(botId, slot);
        }
    }

    /** A spawn failed, or its bot is gone: its slot is free again. */
    public void done(String botId) {
        inFlight.remove(botId);
        booting.remove(botId);
    }

    /** The bot was heard from: its boot is over. @return whether that freed a slot */
    public boolean booted(String botId) {
        return booting.remove(botId) != null;
    }

    /** Frees the slots of boots that took longer than {@code timeoutMs}. @return their bot ids */
    public List<String> expireBoots(long now, long timeoutMs) {
        List<String> late = booting.entrySet().stream().filter(e -> now - e.getValue().takenAt() >= timeoutMs)
                .map(Map.Entry::getKey).sorted().toList();
        late.forEach(booting::remove);
        return late;
    }

    /** Drops every queued bot of a provisionId (the runtime failed in a way retrying now won't fix). */
    public List<BotSpec> dropQueued(String provisionId) {
        List<BotSpec> dropped = new ArrayList<>();
        waiting.removeIf(spec -> {
            boolean match = spec.provisionId().equals(provisionId);
            if (match) {
                dropped.add(spec);
            }
            return match;
        });
        return dropped;
    }

    /** Queued and in-flight bots of a pool. */
    public int count(String pool) {
        return (int) (waiting.stream().filter(s -> s.pool().equals(pool)).count()
                + inFlight.values().stream().filter(s -> s.spec().pool().equals(pool)).count());
    }

    public boolean isInFlight(String botId) {
        return inFlight.containsKey(botId);
    }

    public boolean isBooting(String botId) {
        return booting.containsKey(botId);
    }

    /** Spawn calls under way. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Bots spawned and not heard from yet. */
    public int booting() {
        return booting.size();
    }

    /** Slots held: spawn calls under way and boots not yet heard from, never more than {@code maxConcurrent}. */
    public int slotsTaken() {
        return inFlight.size() + booting.size();
    }

    public int waiting() {
        return waiting.size();
    }
}
