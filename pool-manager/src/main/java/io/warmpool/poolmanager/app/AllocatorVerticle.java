package io.warmpool.poolmanager.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.warmpool.poolmanager.allocation.OwnedPools;
import io.warmpool.poolmanager.allocation.PoolOwnership;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.EventType;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.poolmanager.pool.Effects;
import io.warmpool.poolmanager.pool.Pool;
import io.warmpool.poolmanager.pool.RequestKey;
import io.warmpool.poolmanager.kafka.KeyPartitioner;
import io.warmpool.runtime.kafka.ConsumedEvent;
import io.warmpool.runtime.kafka.EventConsumer;
import io.warmpool.runtime.kafka.EventPublisher;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocator role: drives the pools it owns from its Kafka inputs, on this verticle's event
 * loop, and publishes their outputs. A request that waits in a queue keeps its record's offset
 * uncommitted until its answer is acknowledged, so a crash or a handover replays it instead of
 * losing it (at-least-once).
 */
public final class AllocatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorVerticle.class);

    private final PoolManagerConfig config;
    private final Clock clock;
    private final AllocatorMetrics metrics;
    private final MeterRegistry registry;
    private final OwnedPools allocator;
    private final Map<RequestKey, Promise<Void>> waiting = new HashMap<>();
    private EventPublisher publisher;
    private EventConsumer consumer;
    private int partitions;
    private long ticker;
    private long reporter;

    public AllocatorVerticle(PoolManagerConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.metrics = new AllocatorMetrics(registry, config.pools().keySet());
        this.registry = registry;
        this.allocator = new OwnedPools(config.pools(), pool -> () -> pool + "-" + UUID.randomUUID());
    }

    @Override
    public Future<?> start() {
        String clientId = "allocator-" + config.allocatorId();
        return EventPublisher.createWarmed(vertx, config.kafka(), clientId,
                        URI.create("urn:warmpool:allocator:" + config.allocatorId()))
                .compose(created -> {
                    publisher = created;
                    // From the earliest offset when the group is new: a request sent before the first allocator
                    // joined must still be answered; history older than a deadline is rejected or ignored.
                    consumer = EventConsumer.create(vertx, config.kafka(), clientId, config.groupId(), true, publisher,
                                    Topics.ALLOCATOR_INPUTS, this::handle)
                            .onAssigned(this::own)
                            .onRevoked(revoked -> release("partitions revoked"))
                            .onDeadLetter(letter -> metrics.deadLettered())
                            .metrics(registry);
                    return publisher.partitionCount(EventType.SESSION_REQUESTED);
                })
                .compose(n -> {
                    partitions = n;
                    ticker = vertx.setPeriodic(config.tick().toMillis(), t -> tick());
                    reporter = vertx.setPeriodic(config.statusEvery().toMillis(), t -> report());
                    return consumer.start();
                });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(ticker);
        vertx.cancelTimer(reporter);
        release("allocator stopping");
        return consumer.stop().eventually(publisher::close);
    }

    /**
     * Ready once the group gave this instance partitions, the producer reaches the cluster, and no
     * input partition is held back by a failed output or dead letter.
     */
    public Future<Void> ready() {
        if (consumer == null || consumer.assignment().isEmpty()) {
            return Future.failedFuture("no partitions assigned to this allocator");
        }
        return consumer.health().compose(v -> publisher.ping());
    }

    /** The owned pools as {@code pool.status} shows them, read on the allocator's event loop. */
    public Future<List<PoolStatus>> statuses() {
        Promise<List<PoolStatus>> result = Promise.promise();
        context.runOnContext(v -> result.complete(allocator.statuses(config.allocatorId(), clock.millis())));
        return result.future();
    }

    private Future<?> handle(ConsumedEvent consumed) {
        long now = clock.millis();
        WarmpoolEvent event = consumed.event();
        if (event instanceof SessionRequested r) {
            Future<Void> published = publish(allocator.request(r, now));
            RequestKey key = RequestKey.of(r);
            if (allocator.isQueued(r.pool(), key)) {
                // A duplicate of a waiting request shares its answer.
                return Future.all(published, waiting.computeIfAbsent(key, k -> Promise.promise()).future());
            }
            return published;
        } else if (event instanceof BotHeartbeat hb) {
            return publish(allocator.heartbeat(hb, now));
        } else if (event instanceof SessionEnded e) {
            return publish(allocator.sessionEnded(e, now));
        } else if (event instanceof BotSpawnFailed f) {
            return publish(allocator.spawnFailed(f, now));
        } else if (event instanceof PoolStatus s) {
            allocator.statusRead(s, now); // our own status read back: the pool's input flows
        } else if (event instanceof SessionWithdrawn w) {
            return publish(allocator.withdrawn(w, now));
        } else if (event instanceof RouterHeartbeat h) {
            return publish(allocator.routerHeartbeat(h, now));
        } else if (event instanceof ClaimFailed f) {
            Effects effects = allocator.claimFailed(f, now);
            claimFailed(f);
            return publish(effects);
        }
        return Future.succeededFuture();
    }

    private void own(Set<TopicPartition> assigned) {
        String topic = config.kafka().topics().of(EventType.SESSION_REQUESTED);
        Set<Integer> mine = assigned.stream().filter(tp -> tp.getTopic().equals(topic))
                .map(TopicPartition::getPartition).collect(Collectors.toSet());
        Set<String> pools = PoolOwnership.owned(allocator.configuredPools(), mine,
                pool -> KeyPartitioner.partition(pool, partitions));
        allocator.own(pools, clock.millis());
        LOG.info("allocator {} owns pools {} (partitions {})", config.allocatorId(), pools, mine);
    }

    /** Forgets every pool; the requests they held stay uncommitted, for whoever owns them next. */
    private void release(String why) {
        allocator.dropAll();
        waiting.values().forEach(p -> p.tryFail(why));
        waiting.clear();
    }

    /** Operators see every failed claim: a counter per reason, and a log line naming the bot. */
    private void claimFailed(ClaimFailed f) {
        int strikes = allocator.pool(f.pool()).map(p -> p.claimStrikes(f.botId())).orElse(0);
        metrics.claimFailed(f, strikes);
        LOG.warn("claim of bot {} ({}) failed for session {} attempt {} (router {}): {} (HTTP {}); strike {}/{}{}",
                f.botId(), f.pool(), f.sessionId(), f.attempt(), f.routerId(), f.reason().wire(), f.status(), strikes,
                Pool.MAX_CLAIM_STRIKES,
                strikes >= Pool.MAX_CLAIM_STRIKES
                        ? ": no longer handed out" : ": held back until its next heartbeat");
    }

    private void tick() {
        Effects effects = allocator.tick(clock.millis());
        if (!effects.withdrawn().isEmpty()) {
            // The tick withdraws only requests whose router went silent while the rest of the input flowed.
            metrics.orphaned(effects.withdrawn().size());
            LOG.info("dropped {} queued request(s) whose router is gone: {}", effects.withdrawn().size(),
                    effects.withdrawn());
        }
        publish(effects)
                .onFailure(e -> LOG.warn("tick outputs not published: {}", e.toString()));
        metrics.snapshots(allocator.snapshots());
    }

    private void report() {
        for (PoolStatus status : allocator.statuses(config.allocatorId(), clock.millis())) {
            publisher.publish(status).onFailure(e -> LOG.warn("pool.status of {} not published: {}",
                    status.pool(), e.toString()));
        }
    }

    /** Publishes the effects in order; an answered request's record is settled when its answer is acknowledged. */
    private Future<Void> publish(Effects effects) {
        Map<WarmpoolEvent, Future<Void>> acks = new IdentityHashMap<>();
        for (WarmpoolEvent event : effects.events()) {
            acks.put(event, publisher.publish(event).mapEmpty());
            metrics.published(event);
        }
        for (Effects.Answer answer : effects.answers()) {
            Promise<Void> answered = waiting.remove(answer.request());
            if (answered != null) {
                acks.get(answer.event()).onComplete(answered);
            }
        }
        for (RequestKey key : effects.withdrawn()) {
            Promise<Void> settled = waiting.remove(key);
            if (settled != null) {
                settled.complete();
            }
        }
        return Future.all(List.copyOf(acks.values())).mapEmpty();
    }
}
