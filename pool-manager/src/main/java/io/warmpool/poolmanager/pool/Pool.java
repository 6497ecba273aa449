package io.warmpool.poolmanager.pool;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotView;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.ClaimRefusal;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.RejectReason;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.poolmanager.liveness.Liveness;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One pool as its allocator sees it: the bots (from their heartbeats), the waiting requests and the
 * spawns asked for. Each input is applied at {@code now} (epoch millis, passed in) and returns the
 * events to publish; nothing here reads a clock or does I/O.
 */
public final class Pool {
    /**
     * The reporter named by the {@code session.ended} (bot_lost) that allocators before events 1.1
     * published; this allocator ends no session, and such records left on the topic change nothing.
     */
    public static final String REPORTER = "allocator";
    /** Who a router's {@code session.ended} names: the router's word that the session is over for good. */
    public static final String ROUTER = "router";
    /** Failed claims in a row after which a bot is no longer handed out. */
    public static final int MAX_CLAIM_STRIKES = ClaimStrikes.MAX;
    /** How long answered requests, ended sessions and removed bots are remembered (for idempotence). */
    private static final long MEMORY_MS = 10 * 60_000;
    private static final int MEMORY_CAP = 100_000;
    private static final int LATENCY_WINDOW = 1_000;

    private final String name;
    private final PoolPolicy policy;
    private final long rebuiltAt;
    private final Supplier<String> provisionIds;
    private final Bots bots = new Bots();
    private final RequestQueue queue = new RequestQueue();
    private final Map<String, Provision> provisions = new LinkedHashMap<>();
    private final Expiring<RequestKey> answered = new Expiring<>(MEMORY_MS, MEMORY_CAP);
    /** Sessions a bot served and that ended, as {@code sessionId@botId}: a late BUSY heartbeat changes nothing. */
    private final Expiring<String> endedSessions = new Expiring<>(MEMORY_MS, MEMORY_CAP);
    /** Sessions their router said are over (ended or withdrawn): no request of theirs is served any more. */
    private final Expiring<String> closedSessions = new Expiring<>(MEMORY_MS, MEMORY_CAP);
    private final Expiring<String> removedBots = new Expiring<>(MEMORY_MS, MEMORY_CAP);
    /** Reuse pools: bots assigned within the last heartbeat interval, most of which are about to be READY again. */
    private final Expiring<String> justAssigned;
    private final LatencyWindow latency = new LatencyWindow(LATENCY_WINDOW);
    private final Liveness input;
    private final BotLiveness liveness;
    private RouterPresence routers = new RouterPresence();
    private ClaimStrikes strikes = new ClaimStrikes();
    private int spawnFailuresInARow;
    private long deficitsHeldUntil;
    private boolean heardSinceRebuild;

    /**
     * @param rebuiltAt    when this allocator took the pool over: only bots heard from after it are handed out
     * @param provisionIds a fresh, unique id per call
     */
    public Pool(String name, PoolPolicy policy, long rebuiltAt, Supplier<String> provisionIds) {
        this.name = name;
        this.policy = policy;
        this.rebuiltAt = rebuiltAt;
        this.provisionIds = provisionIds;
        this.deficitsHeldUntil = rebuiltAt + policy.rebuildGraceMs();
        this.input = Liveness.forIntervals(policy.heartbeatMs(), policy.silenceBeforeLostMs());
        this.liveness = new BotLiveness(input, policy.silenceBeforeLostMs(), policy.spawnTimeoutMs());
        this.justAssigned = new Expiring<>(policy.heartbeatMs(), policy.maxBots());
    }

    public String name() {
        return name;
    }

    public PoolPolicy policy() {
        return policy;
    }

    public long rebuiltAt() {
        return rebuiltAt;
    }

    public Optional<Bot> bot(String botId) {
        return Optional.ofNullable(bots.get(botId));
    }

    public Collection<Bot> bots() {
        return List.copyOf(bots.values());
    }

    public boolean isQueued(RequestKey key) {
        return queue.contains(key);
    }

    /** The requests still waiting, oldest first. */
    public List<RequestKey> waiting() {
        return queue.keys();
    }

    public Effects request(SessionRequested r, long now) {
        routers.request(r.routerId(), now);
        RequestKey key = RequestKey.of(r);
        if (answered.contains(key) || queue.contains(key)) {
            return Effects.NONE; // answered once
        }
        // The next attempt after one we answered: its router lost that claim, even if the bot served a moment.
        boolean retry = answered.contains(new RequestKey(r.sessionId(), r.attempt() - 1));
        if (closedSessions.contains(r.sessionId()) || (servedSession(r.sessionId()) && !retry)) {
            answered.add(key, now); // a replay after a takeover: that session already has its bot, or is over
            return Effects.NONE;
        }
        Effects.Builder out = new Effects.Builder();
        long deadline = Math.min(r.deadline(), r.requestedAt() + policy.maxWaitMs());
        Optional<Bot> ready = queue.isEmpty() ? nextReady() : Optional.empty();
        if (deadline <= now) {
            reject(r, RejectReason.TIMEOUT, now, out);
        } else if (ready.isPresent()) {
            assign(r, ready.get(), now, out);
        } else if (queue.size() >= policy.queueCapacity()) {
            reject(r, RejectReason.OVERLOADED, now, out);
        } else {
            queue.add(new RequestQueue.Entry(r, deadline));
        }
        askForBots(now, out);
        return out.build();
    }

    /**
     * A record of this pool's input other than a heartbeat was read (its own {@code pool.status},
     * read back): the input flows, so the bots' silence counts (see {@link Liveness}).
     */
    public void inputRead(long now) {
        inputAt(now);
    }

    public Effects heartbeat(BotHeartbeat hb, long now) {
        inputAt(now);
        String id = hb.botId();
        Bot old = bots.get(id);
        if (removedBots.contains(id) || (old != null && hb.seq() <= old.seq())) {
            return Effects.NONE; // a removed bot stays removed; an older heartbeat says nothing new
        }
        Effects.Builder out = new Effects.Builder();
        boolean fresh = hb.sentAt() >= rebuiltAt;
        // Heartbeats replayed after a takeover are dated by the bot, so a long-dead bot is not taken for live.
        long heardAt = fresh ? now : Math.min(now, hb.sentAt());
        Bot bot;
        if (old == null) {
            arrived(hb.provisionId());
            bot = new Bot(id, BotStatus.STARTING, hb.endpoint(), null, hb.seq(), heardAt, now, now, fresh);
        } else {
            bot = old.heard(hb.seq(), heardAt, hb.endpoint(), fresh);
        }
        switch (hb.state()) {
            case EXITING -> remove(id, now);
            case STARTING -> bots.put(bot.to(BotStatus.STARTING, null, now));
            case READY -> bots.put(mayStillBeClaimed(bot)
                    ? bot.to(BotStatus.ASSIGNED, bot.sessionId(), now) : ready(bot, hb, now));
            case BUSY -> bots.put(busy(bot, hb.sessionId(), now, out));
        }
        serve(now, out);
        askForBots(now, out);
        return out.build();
    }

    public Effects sessionEnded(SessionEnded e, long now) {
        if (REPORTER.equals(e.reportedBy())) {
            return Effects.NONE; // an older allocator's verdict on silence, not a party's end
        }
        routers.input(now);
        Effects.Builder out = new Effects.Builder();
        endedSessions.add(onBot(e.sessionId(), e.botId()), now);
        if (ROUTER.equals(e.reportedBy())) {
            // Only the router knows no attempt follows: a bot also reports a claim whose handshake the router saw fail.
            closedSessions.add(e.sessionId(), now);
            withdraw(e.sessionId(), now, out);
        }
        Bot bot = bots.get(e.botId());
        if (bot != null && e.sessionId().equals(bot.sessionId())) {
            if (endsAssignment(bot, e.reportedBy())) {
                bots.put(afterSession(bot, now));
            } else if (ROUTER.equals(e.reportedBy())) {
                unassign(bot, now); // a LOST bot: when it speaks again, no claim of this session is to come
            }
        }
        serve(now, out);
        askForBots(now, out);
        return out.build();
    }

    /** The session's router stopped waiting (its client left before a claim): drop its requests. */
    public Effects withdrawn(SessionWithdrawn w, long now) {
        routers.request(w.routerId(), now);
        Effects.Builder out = new Effects.Builder();
        closedSessions.add(w.sessionId(), now);
        withdraw(w.sessionId(), now, out);
        bots.withSession(w.sessionId()).forEach(bot -> unassign(bot, now)); // its router will not claim it
        serve(now, out);
        askForBots(now, out);
        return out.build();
    }

    public Effects routerHeartbeat(RouterHeartbeat h, long now) {
        routers.heartbeat(h.routerId(), h.intervalMs(), now);
        return Effects.NONE;
    }

    /**
     * A router could not claim a bot: the bot comes back from that assignment at once (not after
     * {@code claimTimeout}) but is held back until it proves itself, see {@link ClaimStrikes}.
     */
    public Effects claimFailed(ClaimFailed f, long now) {
        routers.request(f.routerId(), now);
        Bot bot = bots.get(f.botId());
        if (bot == null) {
            return Effects.NONE;
        }
        if (f.sessionId().equals(bot.sessionId())) {
            unassign(bot, now);
        }
        strikes.failed(bots.get(f.botId()), f.reason() != ClaimRefusal.CONFLICT);
        Effects.Builder out = new Effects.Builder();
        serve(now, out);
        askForBots(now, out);
        return out.build();
    }

    /** Failed claims of the bot in a row; at {@link ClaimStrikes#MAX} it is no longer handed out. */
    public int claimStrikes(String botId) {
        return strikes.count(botId);
    }

    public Effects spawnFailed(BotSpawnFailed f, long now) {
        routers.input(now);
        Provision p = provisions.get(f.provisionId());
        if (p != null) {
            settle(p.less(f.count()));
        }
        spawnFailuresInARow++;
        deficitsHeldUntil = Math.max(deficitsHeldUntil, now + policy.backoffMs(spawnFailuresInARow));
        return Effects.NONE;
    }

    public Effects tick(long now) {
        answered.expire(now);
        endedSessions.expire(now);
        closedSessions.expire(now);
        removedBots.expire(now);
        routers.expire(MEMORY_MS);
        strikes.update(bots::get);
        Effects.Builder out = new Effects.Builder();
        List<RequestQueue.Entry> lateOnes = queue.removeIf(e -> e.deadline() <= now);
        if (!lateOnes.isEmpty()) {
            RejectReason reason = lateReason();
            lateOnes.forEach(late -> reject(late.request(), reason, now, out));
        }
        for (RequestQueue.Entry orphan : queue.removeIf(e -> routers.gone(e.request().routerId()))) {
            answered.add(orphan.key(), now); // nobody waits for the answer: its router is gone
            out.withdraw(orphan.key());
        }
        for (Bot bot : List.copyOf(bots.values())) {
            BotLiveness.Verdict verdict = liveness.judge(bot);
            if (verdict == BotLiveness.Verdict.FORGET) {
                bots.remove(bot.botId()); // no tombstone: should it speak again, it is taken in again
            } else if (verdict == BotLiveness.Verdict.LOSE) {
                bots.put(bot.to(BotStatus.LOST, bot.sessionId(), now));
            } else if (bot.status() == BotStatus.ASSIGNED && input.silence(bot.since()) >= policy.claimTimeoutMs()) {
                // Counted while the input flows, as a bot's silence is: a stall is no news that the claim failed.
                bots.put(bot.readyAgain(bot.readySince(), now));
            }
        }
        provisions.values().removeIf(p -> p.expiresAt() <= now);
        serve(now, out);
        askForBots(now, out);
        return out.build();
    }

    /** O(1) in the bots: the counts are kept as bots change (EXITING: still a live process, counted in total only). */
    public PoolSnapshot snapshot() {
        // A READY bot that failed too many claims is no capacity.
        int ready = bots.count(BotStatus.READY) - strikes.quarantinedReady(bots::get);
        int starting = bots.count(BotStatus.STARTING);
        int assigned = bots.count(BotStatus.ASSIGNED);
        int busy = bots.count(BotStatus.BUSY);
        int lost = bots.count(BotStatus.LOST);
        int pending = provisions.values().stream().mapToInt(Provision::remaining).sum();
        int queued = queue.size();
        // A LOST bot is no capacity and is replaced; what runs is capped by the provisioner, which counts processes.
        return new PoolSnapshot(ready, starting, assigned, busy, pending, queued, bots.size() - lost,
                Deficit.target(policy.minReady(), policy.maxBots(), queued), policy.maxBots());
    }

    public PoolStatus status(String allocatorId, long now) {
        List<BotView> views = bots.values().stream().map(Bot::view).toList();
        return PoolStatus.of(name, allocatorId, snapshot(), views, latency.summary(), now);
    }

    private boolean servedSession(String sessionId) {
        return bots.withSession(sessionId).stream().anyMatch(b -> b.status() == BotStatus.BUSY);
    }

    /**
     * Whether a party's end of the session a bot holds ends that holding. A router's end does, from
     * ASSIGNED or BUSY: it reports only after a successful claim, and no attempt follows. A bot's end
     * does only once a BUSY heartbeat showed the claim: a session's next attempt may get the same
     * bot, and the end of an earlier attempt's claim (one whose handshake the router saw fail),
     * delivered late or again, would otherwise free the bot while the new attempt's claim may still
     * come. {@code session.ended} names no attempt; an ASSIGNED bot whose claim did end comes back by
     * that claim's {@code bot.claim.failed}, its router's end, or {@code claimTimeout}.
     */
    private static boolean endsAssignment(Bot bot, String reportedBy) {
        return bot.status() == BotStatus.BUSY
                || (bot.status() == BotStatus.ASSIGNED && ROUTER.equals(reportedBy));
    }

    /**
     * Whether a READY heartbeat of the bot may predate a claim for the session it holds: one ASSIGNED,
     * or one LOST with a session (lost while assigned, or while serving and reset since: the pool
     * cannot tell which). It stays ASSIGNED until that claim, its failure or {@code claimTimeout}.
     */
    private static boolean mayStillBeClaimed(Bot bot) {
        return bot.status() == BotStatus.ASSIGNED || (bot.status() == BotStatus.LOST && bot.sessionId() != null);
    }

    private Bot ready(Bot bot, BotHeartbeat hb, long now) {
        if (bot.status() == BotStatus.READY) {
            return bot;
        }
        return bot.readyAgain(hb.readyAt() != null ? hb.readyAt() : now, now);
    }

    private Bot busy(Bot bot, String sessionId, long now, Effects.Builder out) {
        if (sessionId != null && endedSessions.contains(onBot(sessionId, bot.botId()))) {
            // Sent before the bot noticed its session end: keep what session.ended decided.
            return bot.status() == BotStatus.BUSY || bot.status() == BotStatus.EXITING ? bot : afterSession(bot, now);
        }
        if (sessionId != null) {
            withdraw(sessionId, now, out);
        }
        return bot.to(BotStatus.BUSY, sessionId, now);
    }

    /** No claim comes for the session the bot was assigned to: READY again, or, if LOST, LOST without it. */
    private void unassign(Bot bot, long now) {
        if (bot.status() == BotStatus.ASSIGNED) {
            bots.put(bot.readyAgain(bot.readySince(), now));
        } else if (bot.status() == BotStatus.LOST) {
            bots.put(bot.to(BotStatus.LOST, null, now));
        }
    }

    private Bot afterSession(Bot bot, long now) {
        return policy.afterSession() == AfterSession.RETIRE
                ? bot.to(BotStatus.EXITING, null, now)
                : bot.to(BotStatus.BUSY, null, now); // until its READY heartbeat says it has reset
    }

    private void withdraw(String sessionId, long now, Effects.Builder out) {
        for (RequestQueue.Entry e : queue.removeIf(e -> e.request().sessionId().equals(sessionId))) {
            answered.add(e.key(), now);
            out.withdraw(e.key());
        }
    }

    private void remove(String botId, long now) {
        bots.remove(botId);
        removedBots.add(botId, now);
    }

    private void arrived(String provisionId) {
        Provision p = provisionId == null ? null : provisions.get(provisionId);
        if (p != null) {
            settle(p.less(1));
            spawnFailuresInARow = 0;
        }
    }

    private void settle(Provision p) {
        if (p.remaining() > 0) {
            provisions.put(p.provisionId(), p);
        } else {
            provisions.remove(p.provisionId());
        }
    }

    private void serve(long now, Effects.Builder out) {
        while (!queue.isEmpty()) {
            Optional<Bot> bot = nextReady();
            if (bot.isEmpty()) {
                return;
            }
            RequestQueue.Entry head = queue.poll();
            if (head.deadline() <= now) {
                reject(head.request(), RejectReason.TIMEOUT, now, out); // never assigned once late
            } else {
                assign(head.request(), bot.get(), now, out);
            }
        }
    }

    /**
     * Why a queued request ran out of time: {@code pool_exhausted} when every bot the pool may have
     * is serving a session (only a larger {@code max} would have helped), else {@code timeout}
     * (bots were still starting, or the pool was still allowed to grow).
     */
    private RejectReason lateReason() {
        PoolSnapshot s = snapshot();
        return s.assigned() + s.busy() >= policy.maxBots() ? RejectReason.POOL_EXHAUSTED : RejectReason.TIMEOUT;
    }

    private Optional<Bot> nextReady() {
        return bots.nextReady(strikes::heldBack);
    }

    private void assign(SessionRequested r, Bot bot, long now, Effects.Builder out) {
        bots.put(bot.to(BotStatus.ASSIGNED, r.sessionId(), now));
        if (policy.afterSession() == AfterSession.REUSE) {
            justAssigned.add(bot.botId(), now);
        }
        answered.add(RequestKey.of(r), now);
        long queuedMs = Math.max(0, now - r.requestedAt());
        latency.add(queuedMs);
        out.answer(RequestKey.of(r), BotAssigned.of(r.sessionId(), r.attempt(), r.routerId(), bot.botId(), name, bot.endpoint(), now,
                queuedMs));
    }

    private void reject(SessionRequested r, RejectReason reason, long now, Effects.Builder out) {
        answered.add(RequestKey.of(r), now);
        out.answer(RequestKey.of(r), SessionRejected.of(r.sessionId(), r.attempt(), r.routerId(), name, reason, now));
    }

    /**
     * The first record read after the (re)build starts the rebuild grace again: an allocator whose
     * consumer is slow to deliver after a takeover has no evidence yet of which bots are missing.
     */
    private void inputAt(long now) {
        input.input(now);
        routers.input(now);
        if (!heardSinceRebuild) {
            heardSinceRebuild = true;
            deficitsHeldUntil = Math.max(deficitsHeldUntil, now + policy.rebuildGraceMs());
        }
    }

    private void askForBots(long now, Effects.Builder out) {
        if (!heardSinceRebuild || now < deficitsHeldUntil) {
            return; // nothing read since the rebuild, rebuilding, or backing off after a failed spawn
        }
        PoolSnapshot s = snapshot();
        if (Deficit.missing(policy.minReady(), s) <= 0) {
            return;
        }
        int missing = Deficit.missing(policy.minReady(), s, comingBack(now));
        if (missing <= 0) {
            return;
        }
        String id = provisionIds.get();
        provisions.put(id, new Provision(id, missing, now + policy.spawnTimeoutMs()));
        out.emit(PoolDeficit.of(name, missing, id, snapshot(), now));
    }

    /**
     * A reuse pool counts a bot whose session began within the last heartbeat interval as coming back:
     * most sessions of a busy pool are that short, and replacing each bot that is out for a moment
     * would grow the pool to {@code max} under any load. A bot still in its session after that is
     * replaced as before. Only read when bots are missing, so the scan (at most {@code max} bots, and
     * only those assigned in the last interval) stays off the common path.
     */
    private int comingBack(long now) {
        if (policy.afterSession() != AfterSession.REUSE) {
            return 0;
        }
        justAssigned.expire(now);
        return justAssigned.count(id -> {
            Bot bot = bots.get(id);
            return bot != null && (bot.status() == BotStatus.ASSIGNED || bot.status() == BotStatus.BUSY);
        });
    }

    private static String onBot(String sessionId, String botId) {
        return sessionId + "@" + botId;
    }

    /**
     * Applies one input whole or not at all: when {@code step} throws (a bug of ours), the pool is
     * put back as it was before and the exception goes on to the caller.
     */
    public Effects atomically(Function<Pool, Effects> step) {
        Checkpoint saved = new Checkpoint(this);
        try {
            Effects effects = step.apply(this);
            saved.close(this);
            return effects;
        } catch (RuntimeException e) {
            saved.restore(this);
            throw e;
        }
    }

    /**
     * The pool's state before an input: small parts copied, the bots and the bounded memories
     * journaled (copying them per input would cost their size). Every mutable field of the pool belongs here.
     */
    private static final class Checkpoint {
        private final RequestQueue queue;
        private final Map<String, Provision> provisions;
        private final RouterPresence routers;
        private final ClaimStrikes strikes;
        private final Liveness input;
        private final boolean heardSinceRebuild;
        private final int spawnFailuresInARow;
        private final long deficitsHeldUntil;

        Checkpoint(Pool p) {
            queue = p.queue.copy();
            provisions = new LinkedHashMap<>(p.provisions);
            routers = p.routers.copy();
            strikes = p.strikes.copy();
            input = p.input.copy();
            heardSinceRebuild = p.heardSinceRebuild;
            spawnFailuresInARow = p.spawnFailuresInARow;
            deficitsHeldUntil = p.deficitsHeldUntil;
            memories(p).forEach(Expiring::begin);
            p.latency.begin();
            p.bots.begin();
        }

        void close(Pool p) {
            memories(p).forEach(Expiring::commit);
            p.latency.commit();
            p.bots.commit();
        }

        void restore(Pool p) {
            p.bots.rollback();
            p.queue.restore(queue);
            p.provisions.clear();
            p.provisions.putAll(provisions);
            p.routers = routers;
            p.strikes = strikes;
            p.input.restore(input);
            p.heardSinceRebuild = heardSinceRebuild;
            p.spawnFailuresInARow = spawnFailuresInARow;
            p.deficitsHeldUntil = deficitsHeldUntil;
            memories(p).forEach(Expiring::rollback);
            p.latency.rollback();
        }

        private static List<Expiring<?>> memories(Pool p) {
            return List.of(p.answered, p.endedSessions, p.closedSessions, p.removedBots, p.justAssigned);
        }
    }
}
