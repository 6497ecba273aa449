package io.warmpool.poolmanager.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.ProvisionLedger;
import io.warmpool.poolmanager.provisioning.Provisioner;
import io.warmpool.poolmanager.provisioning.ReconcileAction;
import io.warmpool.poolmanager.provisioning.Reconciler;
import io.warmpool.poolmanager.provisioning.SelfWarmingProvisioner;
import io.warmpool.poolmanager.provisioning.SpawnQueue;
import io.warmpool.runtime.kafka.ConsumedEvent;
import io.warmpool.runtime.kafka.EventConsumer;
import io.warmpool.runtime.kafka.EventPublisher;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code pool.deficit} into running bots and keeps what runs honest. Deficits are read in
 * one group shared by all provisioners (each deficit is handled by one of them, once per
 * provisionId); heartbeats are read by every provisioner in a group of its own, because reconcile
 * needs to hear every bot it runs. Every runtime call runs off the event loop.
 */
public final class ProvisionerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerVerticle.class);

    private final ProvisionerConfig config;
    private final KafkaSettings kafka;
    private final Provisioner provisioner;
    private final ToIntFunction<String> maxBots;
    private final MeterRegistry metrics;
    private final String instanceId = "provisioner-" + UUID.randomUUID().toString().substring(0, 8);
    private final ProvisionLedger ledger = new ProvisionLedger(100_000);
    private final Map<String, Long> lastHeartbeat = new ConcurrentHashMap<>();
    private final Map<String, ManagedBot> bots = new HashMap<>();
    private final Set<String> ours = new HashSet<>();
    private SpawnQueue queue;
    private Reconciler reconciler;
    private EventPublisher publisher;
    private EventConsumer deficits;
    private EventConsumer heartbeats;
    /** Assignments, session ends and pool statuses, read only for a {@link SelfWarmingProvisioner}. */
    private EventConsumer sessions;
    private long startedAt;
    private long reconcileTimer;
    private boolean reconciling;
    private Counter spawned;
    private Counter spawnFailed;
    private Counter reaped;
    private Counter stopped;
    private Counter adopted;

    /**
     * @param maxBots the {@code maxBots} of a pool, or -1 for a pool this installation does not serve
     */
    public ProvisionerVerticle(ProvisionerConfig config, KafkaSettings kafka, Provisioner provisioner,
                               ToIntFunction<String> maxBots, MeterRegistry metrics) {
        this.config = config;
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.maxBots = maxBots;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        startedAt = System.currentTimeMillis();
        queue = new SpawnQueue(config.maxConcurrentSpawns());
        reconciler = new Reconciler(config.spawnTimeout(), config.silenceTimeout());
        registerMetrics();
        return EventPublisher.create(vertx, kafka, instanceId,
                        new EventCodec(kafka.topics(), URI.create("/warmpool/" + instanceId)))
                .compose(created -> {
                    publisher = created;
                    heartbeats = EventConsumer.create(vertx, kafka, instanceId + "-hb", instanceId + "-hb", false,
                            publisher, List.of(EventType.BOT_HEARTBEAT), this::onHeartbeat);
                    deficits = EventConsumer.create(vertx, kafka, instanceId, config.deficitGroup(), true, publisher,
                            List.of(EventType.POOL_DEFICIT), this::onDeficit);
                    if (provisioner instanceof SelfWarmingProvisioner warm) {
                        sessions = EventConsumer.create(vertx, kafka, instanceId + "-sessions",
                                config.deficitGroup() + "-sessions", false, publisher,
                                List.of(EventType.BOT_ASSIGNED, EventType.SESSION_ENDED, EventType.POOL_STATUS),
                                e -> onSession(warm, e));
                    }
                    return offLoop(provisioner::list);
                })
                .map(existing -> {
                    existing.forEach(b -> bots.put(b.botId(), b));
                    LOG.info("{} provisioner {} started; {} managed bot(s) found from an earlier run",
                            provisioner.kind(), instanceId, existing.size());
                    return existing;
                })
                .compose(x -> heartbeats.start())
                .compose(x -> sessions == null ? Future.succeededFuture() : sessions.start())
                .compose(x -> deficits.start())
                .onSuccess(x -> reconcileTimer = vertx.setPeriodic(config.reconcileEvery().toMillis(),
                        t -> reconcile()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(reconcileTimer);
        return Future.join(deficits.stop(), heartbeats.stop(),
                        sessions == null ? Future.succeededFuture() : sessions.stop())
                .transform(x -> offLoop(() -> {
                    provisioner.close();
                    return null;
                }))
                .transform(x -> publisher.close());
    }

    private Future<?> onHeartbeat(ConsumedEvent consumed) {
        BotHeartbeat hb = (BotHeartbeat) consumed.event();
        if (hb.state() == BotState.EXITING) {
            lastHeartbeat.remove(hb.botId());
            // Counted out at once, not at the next reconcile, so a replacement is not capped away.
            bots.computeIfPresent(hb.botId(), (id, b) -> new ManagedBot(id, b.pool(), b.provisionId(), false,
                    b.startedAt()));
        } else {
            lastHeartbeat.put(hb.botId(), System.currentTimeMillis());
        }
        return Future.succeededFuture();
    }

    private Future<?> onDeficit(ConsumedEvent consumed) {
        PoolDeficit deficit = (PoolDeficit) consumed.event();
        long age = System.currentTimeMillis() - deficit.emittedAt();
        if (age > config.spawnTimeout().toMillis()) {
            LOG.info("ignoring deficit {} of {}: {} ms old, past the spawn timeout", deficit.provisionId(),
                    deficit.pool(), age);
            return Future.succeededFuture();
        }
        if (!ledger.firstTime(deficit.provisionId())) {
            return Future.succeededFuture();
        }
        int max = maxBots.applyAsInt(deficit.pool());
        if (max < 0) {
            return publisher.publish(BotSpawnFailed.of(deficit.provisionId(), deficit.pool(), deficit.missing(),
                    "pool '" + deficit.pool() + "' is not configured on this provisioner", System.currentTimeMillis()));
        }
        if (provisioner instanceof SelfWarmingProvisioner warm) {
            return this.<Void>offLoop(() -> {
                warm.resize(deficit.pool(), deficit.snapshot().target(), deficit.emittedAt());
                return null;
            }).recover(e -> {
                LOG.warn("could not keep pool {} warm: {}", deficit.pool(), e.getMessage());
                return publisher.publish(BotSpawnFailed.of(deficit.provisionId(), deficit.pool(), deficit.missing(),
                        e.getMessage(), System.currentTimeMillis())).mapEmpty();
            });
        }
        int running = (int) bots.values().stream().filter(b -> b.pool().equals(deficit.pool()) && b.running()).count();
        int limit = SpawnQueue.limit(max, deficit.snapshot());
        List<BotSpec> queued = queue.offer(deficit.pool(), deficit.provisionId(), deficit.missing(), running, limit,
                () -> spec(deficit));
        LOG.info("deficit {}: {} bot(s) of pool {} asked, {} queued ({} running, limit {})", deficit.provisionId(),
                deficit.missing(), deficit.pool(), queued.size(), running, limit);
        drain();
        return Future.succeededFuture();
    }

    /**
     * The label method: an assignment takes the bot out of the warm set, a session end retires or
     * returns it, a pool's status lets a burst's extra bots go.
     */
    private Future<?> onSession(SelfWarmingProvisioner warm, ConsumedEvent consumed) {
        return offLoop(() -> {
            if (consumed.event() instanceof BotAssigned a) {
                warm.assigned(a.pool(), a.botId(), a.sessionId());
            } else if (consumed.event() instanceof SessionEnded e) {
                warm.sessionEnded(e.pool(), e.botId(), e.sessionId());
            } else if (consumed.event() instanceof PoolStatus s) {
                warm.settle(s.pool(), s.snapshot().target(), s.emittedAt());
            }
            return null;
        }).onFailure(e -> LOG.warn("label method: {}", e.getMessage())).otherwiseEmpty();
    }

    private BotSpec spec(PoolDeficit deficit) {
        String botId = deficit.pool() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(config.botEnv());
        env.put("WARMPOOL_BOT_ID", botId);
        env.put("WARMPOOL_POOL", deficit.pool());
        env.put("WARMPOOL_PROVISION_ID", deficit.provisionId());
        return new BotSpec(botId, deficit.pool(), deficit.provisionId(), env);
    }

    /** Starts queued bots while spawn slots are free; each finished spawn frees a slot and drains again. */
    private void drain() {
        for (var next = queue.take(); next.isPresent(); next = queue.take()) {
            BotSpec spec = next.get();
            offLoop(() -> provisioner.spawn(spec)).onComplete(ar -> {
                queue.done(spec.botId());
                if (ar.succeeded()) {
                    bots.put(spec.botId(), ar.result());
                    ours.add(spec.botId());
                    spawned.increment();
                    LOG.info("spawned {} bot {} for {}", provisioner.kind(), spec.botId(), spec.provisionId());
                } else {
                    spawnFailed.increment();
                    LOG.warn("could not spawn {} for {}: {}", spec.botId(), spec.provisionId(),
                            ar.cause().getMessage());
                    int failed = 1 + queue.dropQueued(spec.provisionId()).size();
                    publisher.publish(BotSpawnFailed.of(spec.provisionId(), spec.pool(), failed,
                            ar.cause().getMessage(), System.currentTimeMillis()));
                }
                drain();
            });
        }
    }

    private void reconcile() {
        if (reconciling) {
            return;
        }
        reconciling = true;
        offLoop(provisioner::list)
                .compose(listed -> {
                    bots.clear();
                    listed.forEach(b -> bots.put(b.botId(), b));
                    Set<String> spawning = new HashSet<>();
                    listed.forEach(b -> {
                        if (queue.isInFlight(b.botId())) {
                            spawning.add(b.botId());
                        }
                    });
                    List<ReconcileAction> plan = reconciler.plan(listed, Map.copyOf(lastHeartbeat), Set.copyOf(ours),
                            spawning, startedAt, System.currentTimeMillis());
                    return Future.join(plan.stream().map(this::apply).toList());
                })
                .onFailure(e -> LOG.warn("reconcile failed: {}", e.getMessage()))
                .onComplete(x -> reconciling = false);
    }

    private Future<?> apply(ReconcileAction action) {
        LOG.info("reconcile: {} {} ({})", action.getClass().getSimpleName().toLowerCase(), action.botId(), action.why());
        if (action instanceof ReconcileAction.Adopt) {
            ours.add(action.botId());
            adopted.increment();
            return Future.succeededFuture();
        }
        boolean exited = action instanceof ReconcileAction.Reap;
        return offLoop(() -> {
            if (exited) {
                provisioner.remove(action.botId());
            } else {
                provisioner.stop(action.botId(), config.stopGrace());
            }
            return null;
        }).onSuccess(x -> forget(action.botId(), exited ? reaped : stopped));
    }

    private void forget(String botId, Counter counter) {
        bots.remove(botId);
        ours.remove(botId);
        lastHeartbeat.remove(botId);
        counter.increment();
    }

    /**
     * A provisioner call on a worker thread, unordered: {@code executeBlocking} alone would queue the
     * calls of this verticle one behind the other, so a spawn waited for the previous spawn, or for a
     * stop's whole grace period. {@link SpawnQueue} is what bounds the spawns in flight.
     */
    private <T> Future<T> offLoop(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    private void registerMetrics() {
        String kind = provisioner.kind();
        spawned = Counter.builder("warmpool_provisioner_spawns_total").tag("kind", kind).tag("result", "ok")
                .register(metrics);
        spawnFailed = Counter.builder("warmpool_provisioner_spawns_total").tag("kind", kind).tag("result", "failed")
                .register(metrics);
        reaped = Counter.builder("warmpool_provisioner_reaped_total").tag("kind", kind).register(metrics);
        stopped = Counter.builder("warmpool_provisioner_stopped_total").tag("kind", kind).register(metrics);
        adopted = Counter.builder("warmpool_provisioner_adopted_total").tag("kind", kind).register(metrics);
        metrics.gauge("warmpool_provisioner_spawns_in_flight", List.of(io.micrometer.core.instrument.Tag.of("kind", kind)),
                this, v -> v.queue == null ? 0 : v.queue.inFlight());
        metrics.gauge("warmpool_provisioner_bots", List.of(io.micrometer.core.instrument.Tag.of("kind", kind)),
                this, v -> v.bots.size());
    }
}
