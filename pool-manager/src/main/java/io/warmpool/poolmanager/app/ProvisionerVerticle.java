package io.warmpool.poolmanager.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.SessionEnded;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.BotSpecs;
import io.warmpool.poolmanager.provisioning.Provisioner;
import io.warmpool.poolmanager.provisioning.ProvisioningConflict;
import io.warmpool.poolmanager.provisioning.ProvisioningState;
import io.warmpool.poolmanager.provisioning.ProvisioningState.DeficitOutcome;
import io.warmpool.poolmanager.provisioning.ReconcileAction;
import io.warmpool.poolmanager.provisioning.SelfWarmingProvisioner;
import io.warmpool.runtime.kafka.ConsumedEvent;
import io.warmpool.runtime.kafka.EventConsumer;
import io.warmpool.runtime.kafka.EventPublisher;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code pool.deficit} into running bots and keeps what runs honest; the decisions are the
 * {@link ProvisioningState}'s, this verticle does their I/O. Deficits are read in one group shared
 * by all provisioners (each deficit is handled by one of them, once per provisionId); heartbeats and
 * {@code pool.status} are read by every provisioner in a group of its own, because reconcile needs
 * to hear every bot it runs and to know that the input flows. Every runtime call runs off the
 * event loop.
 */
public final class ProvisionerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerVerticle.class);

    private final ProvisionerConfig config;
    private final KafkaSettings kafka;
    private final Provisioner provisioner;
    /** The runtime keeps pools warm itself: deficits size it, assignments and session ends reach it. */
    private final Optional<SelfWarmingProvisioner> warming;
    private final Map<String, PoolPolicy> pools;
    private final MeterRegistry metrics;
    private final String instanceId = "provisioner-" + UUID.randomUUID().toString().substring(0, 8);
    private ProvisioningState state;
    private EventPublisher publisher;
    private EventConsumer deficits;
    private EventConsumer heartbeats;
    /** Assignments, session ends and pool statuses, read only for a {@link SelfWarmingProvisioner}. */
    private EventConsumer sessions;
    private long reconcileTimer;
    private boolean reconciling;
    private boolean relistAgain;
    private Counter spawned;
    private Counter spawnFailed;
    private Counter reaped;
    private Counter stopped;
    private Counter adopted;

    /** @param pools the pools this installation serves, whose settings reach the bots spawned for them */
    public ProvisionerVerticle(ProvisionerConfig config, KafkaSettings kafka, Provisioner provisioner,
                               Map<String, PoolPolicy> pools, MeterRegistry metrics) {
        this.config = config;
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.warming = provisioner.selfWarming();
        this.pools = Map.copyOf(pools);
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        state = new ProvisioningState(pools, new BotSpecs(config.botEnv()),
                () -> UUID.randomUUID().toString().substring(0, 8), config.spawnTimeout(), config.silenceTimeout(),
                config.maxConcurrentSpawns(), config.bootTimeout(), now());
        registerMetrics();
        return EventPublisher.createWarmed(vertx, kafka, instanceId, URI.create("/warmpool/" + instanceId))
                .compose(created -> {
                    publisher = created;
                    heartbeats = EventConsumer.create(vertx, kafka, instanceId + "-hb", instanceId + "-hb", false,
                            publisher, List.of(EventType.BOT_HEARTBEAT, EventType.POOL_STATUS), this::onHeartbeat);
                    deficits = EventConsumer.create(vertx, kafka, instanceId, config.deficitGroup(), true, publisher,
                            List.of(EventType.POOL_DEFICIT), this::onDeficit);
                    if (warming.isPresent()) {
                        SelfWarmingProvisioner warm = warming.get();
                        sessions = EventConsumer.create(vertx, kafka, instanceId + "-sessions",
                                config.deficitGroup() + "-sessions", false, publisher,
                                List.of(EventType.BOT_ASSIGNED, EventType.SESSION_ENDED, EventType.POOL_STATUS),
                                e -> onSession(warm, e));
                    }
                    return offLoop(provisioner::list);
                })
                .map(existing -> {
                    state.found(existing);
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
        if (consumed.event() instanceof BotHeartbeat hb) {
            if (state.heartbeat(hb.botId(), hb.state(), now())) {
                drain(); // that bot's boot is over: the next may start
            }
        } else {
            state.statusRead(now());
        }
        return Future.succeededFuture();
    }

    private Future<?> onDeficit(ConsumedEvent consumed) {
        PoolDeficit deficit = (PoolDeficit) consumed.event();
        if (warming.isPresent()) {
            return keepWarm(warming.get(), deficit);
        }
        DeficitOutcome outcome = state.deficit(deficit, now());
        if (outcome instanceof DeficitOutcome.Stale stale) {
            LOG.info("ignoring deficit {} of {}: {} ms old, past the spawn timeout", deficit.provisionId(),
                    deficit.pool(), stale.ageMs());
        } else if (outcome instanceof DeficitOutcome.UnknownPool) {
            return publisher.publish(BotSpawnFailed.of(deficit.provisionId(), deficit.pool(), deficit.missing(),
                    "pool '" + deficit.pool() + "' is not configured on this provisioner", now()));
        } else if (outcome instanceof DeficitOutcome.Queued q) {
            LOG.info("deficit {}: {} bot(s) of pool {} asked, {} queued, {} held back ({} running, limit {})",
                    deficit.provisionId(), deficit.missing(), deficit.pool(), q.queued(), q.parked(), q.running(),
                    q.limit());
            drain();
            if (q.parked() > 0) {
                reconcile(); // the running count may hold a bot that died since the last listing
            }
        }
        return Future.succeededFuture();
    }

    /** The label method: the provisioner keeps the pool's warm set at the deficit's target itself. */
    private Future<?> keepWarm(SelfWarmingProvisioner warm, PoolDeficit deficit) {
        return this.<Void>offLoop(() -> {
            warm.resize(deficit.pool(), deficit.snapshot().target(), deficit.emittedAt());
            return null;
        }).recover(e -> {
            LOG.warn("could not keep pool {} warm: {}", deficit.pool(), e.getMessage());
            return publisher.publish(BotSpawnFailed.of(deficit.provisionId(), deficit.pool(), deficit.missing(),
                    e.getMessage(), now())).mapEmpty();
        });
    }

    /**
     * The label method: an assignment takes the bot out of the warm set, a session end retires or
     * returns it, a pool's status lets a burst's extra bots go. A relabel refused for any reason but
     * a race leaves the pool a replacement short, which {@code bot.spawn.failed} says (the router's
     * pool view shows it), as a failed spawn would.
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
        }).recover(e -> {
            LOG.warn("label method: {}", e.getMessage());
            return consumed.event() instanceof BotAssigned a && !(e instanceof ProvisioningConflict)
                    ? publisher.publish(BotSpawnFailed.of("relabel-" + a.botId(), a.pool(), 1, e.getMessage(), now()))
                            .mapEmpty()
                    : Future.succeededFuture();
        }).otherwiseEmpty();
    }

    /**
     * Starts queued bots while spawn slots are free. A slot is freed by a failed spawn, by the bot's
     * first heartbeat, or by its boot timing out (seen here, so the reconcile timer drains too).
     */
    private void drain() {
        for (var next = state.nextSpawn(now()); next.isPresent(); next = state.nextSpawn(now())) {
            BotSpec spec = next.get();
            offLoop(() -> provisioner.spawn(spec)).onComplete(ar -> {
                if (ar.succeeded()) {
                    state.spawned(spec, ar.result());
                    spawned.increment();
                    LOG.info("spawned {} bot {} for {}", provisioner.kind(), spec.botId(), spec.provisionId());
                } else {
                    int failed = state.spawnFailed(spec);
                    spawnFailed.increment();
                    LOG.warn("could not spawn {} for {}: {}", spec.botId(), spec.provisionId(),
                            ar.cause().getMessage());
                    publisher.publish(BotSpawnFailed.of(spec.provisionId(), spec.pool(), failed,
                            ar.cause().getMessage(), now()));
                }
                drain();
            });
        }
    }

    /** Lists the runtime and applies the plan; asked for while one runs, it runs once more after it. */
    private void reconcile() {
        if (reconciling) {
            relistAgain = true;
            return;
        }
        reconciling = true;
        long listedAt = now();
        offLoop(provisioner::list)
                .compose(listed -> {
                    List<ReconcileAction> plan = state.listed(listed, listedAt, now());
                    drain();
                    return Future.join(plan.stream().map(this::apply).toList());
                })
                .onFailure(e -> LOG.warn("reconcile failed: {}", e.getMessage()))
                .onComplete(x -> {
                    reconciling = false;
                    if (relistAgain) {
                        relistAgain = false;
                        reconcile();
                    }
                });
    }

    private Future<?> apply(ReconcileAction action) {
        LOG.info("reconcile: {} {} ({})", action.getClass().getSimpleName().toLowerCase(), action.botId(), action.why());
        if (action instanceof ReconcileAction.Adopt) {
            state.adopted(action.botId());
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
        }).onSuccess(x -> {
            state.removed(action.botId());
            (exited ? reaped : stopped).increment();
        });
    }

    /**
     * A provisioner call on a worker thread, unordered: {@code executeBlocking} alone would queue the
     * calls of this verticle one behind the other, so a spawn waited for the previous spawn, or for a
     * stop's whole grace period. The state's spawn queue is what bounds the spawns in flight.
     */
    private <T> Future<T> offLoop(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    private static long now() {
        return System.currentTimeMillis();
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
        metrics.gauge("warmpool_provisioner_spawns_in_flight", List.of(Tag.of("kind", kind)), state,
                ProvisioningState::spawnsInFlight);
        metrics.gauge("warmpool_provisioner_bots", List.of(Tag.of("kind", kind)), state, ProvisioningState::known);
    }
}
