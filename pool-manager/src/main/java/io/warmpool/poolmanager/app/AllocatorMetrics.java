package io.warmpool.poolmanager.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.poolmanager.pool.Pool;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The allocator's Prometheus metrics, all named {@code warmpool_*}: assignment latency, queue
 * length, bots per state, deficits, rejections per reason, dead letters. Gauges read the last
 * snapshots, which the allocator refreshes on every tick, so a scrape never touches its state.
 */
final class AllocatorMetrics {
    private final MeterRegistry registry;
    private final Map<String, PoolSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Counter deadLetters;

    AllocatorMetrics(MeterRegistry registry, Collection<String> pools) {
        this.registry = registry;
        this.deadLetters = Counter.builder("warmpool.dlq").description("Input records sent to the dead-letter topic")
                .tag("service", "allocator").register(registry);
        for (String pool : pools) {
            gauge("warmpool.queue.length", pool, null, PoolSnapshot::queued);
            gauge("warmpool.pool.bots", pool, "starting", PoolSnapshot::starting);
            gauge("warmpool.pool.bots", pool, "ready", PoolSnapshot::ready);
            gauge("warmpool.pool.bots", pool, "assigned", PoolSnapshot::assigned);
            gauge("warmpool.pool.bots", pool, "busy", PoolSnapshot::busy);
            gauge("warmpool.pool.bots", pool, "pending", PoolSnapshot::pending);
            // Counted from zero, so a pool that never needed a bot still shows its deficits.
            Counter.builder("warmpool.deficits").tag("pool", pool).register(registry);
            Counter.builder("warmpool.deficit.bots").tag("pool", pool).register(registry);
        }
    }

    void published(WarmpoolEvent event) {
        if (event instanceof BotAssigned a) {
            Timer.builder("warmpool.assign.latency").description("From requestedAt to the assignment")
                    .tag("pool", a.pool()).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(a.queuedMs()));
        } else if (event instanceof SessionRejected r) {
            Counter.builder("warmpool.rejections").tag("pool", r.pool()).tag("reason", r.reason().wire())
                    .register(registry).increment();
        } else if (event instanceof PoolDeficit d) {
            Counter.builder("warmpool.deficits").tag("pool", d.pool()).register(registry).increment();
            Counter.builder("warmpool.deficit.bots").tag("pool", d.pool()).register(registry).increment(d.missing());
        }
    }

    void claimFailed(ClaimFailed f, int strikes) {
        Counter.builder("warmpool.claim.failures").description("Claims of assigned bots that routers reported failed")
                .tag("pool", f.pool()).tag("reason", f.reason().wire()).register(registry).increment();
        if (strikes == Pool.MAX_CLAIM_STRIKES) {
            Counter.builder("warmpool.bots.quarantined").description("Bots no longer handed out after failed claims")
                    .tag("pool", f.pool()).register(registry).increment();
        }
    }

    void orphaned(int requests) {
        Counter.builder("warmpool.requests.orphaned").description("Queued requests dropped because their router is gone")
                .register(registry).increment(requests);
    }

    void deadLettered() {
        deadLetters.increment();
    }

    /** Pools not owned by this instance read as absent (no sample) rather than as zero. */
    void snapshots(Map<String, PoolSnapshot> current) {
        snapshots.keySet().retainAll(current.keySet());
        snapshots.putAll(current);
    }

    private void gauge(String name, String pool, String state, ToIntFunction<PoolSnapshot> value) {
        Gauge.Builder<Map<String, PoolSnapshot>> b = Gauge.builder(name, snapshots, s -> {
            PoolSnapshot snap = s.get(pool);
            return snap == null ? Double.NaN : value.applyAsInt(snap);
        }).tag("pool", pool);
        if (state != null) {
            b.tag("state", state);
        }
        b.register(registry);
    }
}
