package io.warmpool.poolmanager.app;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bots that heartbeat every interval, and optionally a router that claims each assignment at once
 * (the bot turns BUSY) and a provisioner that starts the bots each {@code pool.deficit} asks for.
 */
final class FakeBots implements AutoCloseable {
    private record Bot(String pool, BotState state, String sessionId, String provisionId) {
    }

    private final KafkaWorld world;
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger spawned = new AtomicInteger();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    FakeBots(KafkaWorld world, long intervalMs) {
        this.world = world;
        timer.scheduleAtFixedRate(() -> bots.forEach(this::beat), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void ready(String botId, String pool) {
        put(botId, new Bot(pool, BotState.READY, null, null));
    }

    void silence(String botId) {
        bots.remove(botId);
    }

    /**
     * Each assignment is claimed at once: the bot, if still READY, turns BUSY with the session. An
     * assignment of a bot already BUSY with another session is refused, as a real bot would (409),
     * and recorded: see {@link #overlaps()}.
     */
    FakeBots claiming() {
        world.onSeen(s -> {
            if (s.event() instanceof BotAssigned a) {
                bots.computeIfPresent(a.botId(), (id, b) -> {
                    if (b.state() == BotState.READY) {
                        return new Bot(b.pool(), BotState.BUSY, a.sessionId(), b.provisionId());
                    }
                    if (b.state() == BotState.BUSY && !a.sessionId().equals(b.sessionId())) {
                        overlaps.add(id + " assigned " + a.sessionId() + " while busy with " + b.sessionId());
                    }
                    return b;
                });
                timer.execute(() -> {
                    Bot b = bots.get(a.botId());
                    if (b != null) {
                        beat(a.botId(), b);
                    }
                });
            }
        });
        return this;
    }

    /** Starts READY bots for every deficit, as a provisioner would. */
    FakeBots provisioning() {
        world.onSeen(s -> {
            if (s.event() instanceof PoolDeficit d) {
                for (int i = 0; i < d.missing(); i++) {
                    String id = "spawned-" + spawned.incrementAndGet();
                    timer.execute(() -> put(id, new Bot(d.pool(), BotState.READY, null, d.provisionId())));
                }
            }
        });
        return this;
    }

    /** Assignments that reached a bot while it served another session; empty unless a bot was double-booked. */
    List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    private void put(String botId, Bot bot) {
        bots.put(botId, bot);
        beat(botId, bot);
    }

    private void beat(String botId, Bot b) {
        world.beat(botId, b.pool(), b.state(), b.sessionId(), b.provisionId());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
