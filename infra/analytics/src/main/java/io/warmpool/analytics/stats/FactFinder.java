package io.warmpool.analytics.stats;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.WarmpoolEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one event of a pool, at its event time, into the facts that count towards the pool's
 * windows. Each session counts once per outcome: a session re-requested after a lost claim, or
 * ended by both router and bot, is not counted twice.
 */
public final class FactFinder {
    private final BotTimeline timeline;

    public FactFinder(BotTimeline timeline) {
        this.timeline = timeline;
    }

    public List<Fact.Timed> facts(WarmpoolEvent event, long at, Memory memory) {
        if (event instanceof SessionRequested r) {
            return r.attempt() == 1 ? at(at, new Fact.Requested()) : List.of();
        } else if (event instanceof BotAssigned a) {
            return once(memory, "assigned/" + a.sessionId(), at, new Fact.Assigned(a.queuedMs()));
        } else if (event instanceof SessionRejected r) {
            return once(memory, "rejected/" + r.sessionId(), at, new Fact.Rejected(r.reason().wire()));
        } else if (event instanceof SessionEnded e) {
            return once(memory, "ended/" + e.sessionId(), at, new Fact.Ended(e.reason().wire(), e.durationMs()));
        } else if (event instanceof PoolDeficit d) {
            memory.deficit(d.provisionId(), d.emittedAt());
            return at(at, new Fact.SpawnsAsked(d.missing()));
        } else if (event instanceof BotSpawnFailed f) {
            return at(at, new Fact.SpawnsFailed(f.count()));
        } else if (event instanceof BotHeartbeat h) {
            return heartbeat(h, at, memory);
        }
        return List.of(); // pool.status and pool.stats add nothing
    }

    private List<Fact.Timed> heartbeat(BotHeartbeat h, long at, Memory memory) {
        Optional<BotMark> previous = memory.bot(h.botId());
        if (previous.isPresent() && !BotTimeline.isNewer(previous.get(), h)) {
            return List.of();
        }
        List<Fact.Timed> facts = new ArrayList<>(previous.map(p -> timeline.between(p, h)).orElse(List.of()));
        boolean wasReady = previous.map(BotMark::readySeen).orElse(false);
        boolean isReady = h.state() == BotState.READY;
        if (isReady && !wasReady && h.provisionId() != null) {
            long readyAt = h.readyAt() != null ? h.readyAt() : h.sentAt();
            memory.deficitAt(h.provisionId()).ifPresent(asked ->
                    facts.add(new Fact.Timed(at, new Fact.ReadyAfterDeficit(Math.max(0, readyAt - asked)))));
        }
        memory.bot(h.botId(), new BotMark(h.state(), h.sentAt(), h.seq(), wasReady || isReady));
        return facts;
    }

    private static List<Fact.Timed> once(Memory memory, String key, long at, Fact fact) {
        return memory.firstTime(key, at) ? at(at, fact) : List.of();
    }

    private static List<Fact.Timed> at(long at, Fact fact) {
        return List.of(new Fact.Timed(at, fact));
    }
}
