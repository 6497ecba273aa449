package io.warmpool.poolmanager.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.ClaimFailed;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.PoolDeficit;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.RejectReason;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.WarmpoolEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The pool against a simulated world (routers, bots, a provisioner) driven by random interleavings
 * of every input and of time. The world behaves as the real one may: bots die silently, spawns
 * fail, claims never come or fail (reported, then asked again with the next attempt: a bot that is
 * busy answers 409, a dead one nothing), requests repeat, heartbeats come out of order or again,
 * BUSY heartbeats lag behind the router's end, several routers ask and die, clients leave while
 * queued, session ends arrive again whatever state their bot is in by then, a claim's handshake
 * fails after the bot accepted it, spawns come after the allocator gave up on them and spawn
 * failures after their bots came up. And the pool changes owner: a new {@code Pool} built at the
 * takeover replays the input from the old owner's last committed offset (a queued request is never
 * committed), as a new allocator does after a crash or a rebalance.
 */
class PoolPropertiesTest {
    private static final String POOL = "p";
    private static final Endpoint ENDPOINT = new Endpoint("h", 1);

    enum Kind { REQUEST, DUPLICATE, ADVANCE, TICK, HEARTBEATS, SPAWN, WARM, CLAIM, END, DIE, FAIL,
        CLAIM_QUIET, REFUSE, WITHDRAW, ROUTER_HEARTBEATS, ROUTER_DIES, OLD_HEARTBEAT, TAKEOVER, LATE_END,
        HANDSHAKE_LOST, LATE_SPAWN, LATE_FAIL }
    static final List<String> ROUTERS = List.of("r0", "r1", "r2");

    record Op(Kind kind, int pick, int amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(kinds(), Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 3_000)).as(Op::new);
        return op.list().ofMaxSize(100);
    }

    /** The everyday flow (requests, time, heartbeats, spawns, claims, ends) more often than the mishaps, so both meet. */
    private static Arbitrary<Kind> kinds() {
        Map<Kind, Integer> weights = Map.ofEntries(Map.entry(Kind.REQUEST, 6), Map.entry(Kind.ADVANCE, 8),
                Map.entry(Kind.TICK, 4), Map.entry(Kind.HEARTBEATS, 4), Map.entry(Kind.SPAWN, 4),
                Map.entry(Kind.WARM, 4), Map.entry(Kind.CLAIM, 4), Map.entry(Kind.END, 3));
        return Arbitraries.frequency(java.util.Arrays.stream(Kind.values())
                .map(k -> Tuple.of(weights.getOrDefault(k, 1), k)).toList());
    }

    @Property(tries = 500)
    void invariantsHoldOverAnyInterleaving(@ForAll("ops") List<Op> ops,
                                           @ForAll @IntRange(min = 0, max = 4) int minReady,
                                           @ForAll @IntRange(min = 0, max = 5) int extraMax,
                                           @ForAll @IntRange(min = 0, max = 5) int queue,
                                           @ForAll boolean reuse) {
        PoolPolicy policy = new PoolPolicy(minReady, Math.max(1, minReady + extraMax), queue, 2_000, 500, 100, 3, 1_000,
                50, reuse ? AfterSession.REUSE : AfterSession.RETIRE);
        World world = new World(policy);
        for (Op op : ops) {
            world.apply(op);
        }
        world.quiesce();
        Statistics.label("owners").collect(Math.min(world.owner, 3));
        Statistics.label("owners").coverage(c -> c.check(2).percentage(p -> p >= 10));

        // One outcome per owner (checked as they come); the router keeps the first and ignores a new owner's repeat.
        world.requests.forEach((key, deadline) -> assertThat(world.outcomes.getOrDefault(key, List.of()))
                .as("outcomes of %s", key).isNotEmpty().hasSizeLessThanOrEqualTo(world.owner));
        PoolSnapshot s = world.pool.snapshot();
        int occupied = s.total() - s.ready() - s.starting();
        assertThat(s.ready() + s.starting() + s.pending())
                .as("ready + starting + pending reaches the target in %s", s)
                .isGreaterThanOrEqualTo(Math.min(policy.maxBots() - occupied, policy.minReady() + s.queued()));
    }

    /** A record of the pool's partition, as any owner would apply it. */
    record Input(RequestKey request, BiFunction<Pool, Long, Effects> apply) {
    }

    /** A claim a router is about to present: to the bot, for a session's attempt. */
    record PendingClaim(String botId, String sessionId, int attempt, int owner) {
    }

    /** The simulated world around one pool, checking the invariants after every step. */
    static final class World {
        final PoolPolicy policy;
        final Ids ids = new Ids();
        Pool pool;
        /** The pool's owners so far; the current one is the last. */
        int owner = 1;
        long now;
        long lastTakeover;
        final List<Input> inputs = new ArrayList<>();
        /** Where the current owner began reading: the old owner's last committed offset. */
        int committed;
        /** Bots the current owner has known: one it forgot is stopped by the provisioner. */
        final Set<String> known = new HashSet<>();
        final Map<String, Integer> expired = new LinkedHashMap<>(); // provisions given up on, bots still to come
        final List<String> provisionIds = new ArrayList<>();
        final List<SessionEnded> ends = new ArrayList<>();
        final Map<String, Long> lastBeat = new HashMap<>(); // botId -> when it last sent a heartbeat
        /** Bots taken by a claim of an earlier owner's assignment and silent since: the owner cannot know. */
        final java.util.Set<String> takenUnseen = new java.util.HashSet<>();
        int sessions;
        int botsMade;
        int failures;
        final Map<String, SimBot> bots = new LinkedHashMap<>();
        /** Bots that died silently, with their state at death: the pool cannot know until they are LOST. */
        final Map<String, BotState> dead = new HashMap<>();
        final Map<String, int[]> provisions = new LinkedHashMap<>(); // id -> {remaining, expiresAt}
        final Map<RequestKey, Long> requests = new LinkedHashMap<>(); // key -> effective deadline
        final List<SessionRequested> sent = new ArrayList<>();
        final Map<RequestKey, List<String>> outcomes = new HashMap<>();
        final Map<RequestKey, Set<Integer>> answeredBy = new HashMap<>();
        /** The current owner's last assignment of each bot: botId -> (session, when). */
        final Map<String, PendingClaim> claims = new HashMap<>();
        final Map<String, Long> claimedAt = new HashMap<>();
        final List<PendingClaim> pending = new ArrayList<>();
        final Map<String, String> routerOf = new HashMap<>(); // session -> router
        final Map<String, Long> sessionDeadline = new HashMap<>();
        final Set<String> deadRouters = new HashSet<>();
        final Set<String> announced = new HashSet<>(); // routers that send router.heartbeat (others never do)
        final Set<String> left = new HashSet<>(); // sessions whose client left while waiting
        final Set<String> served = new HashSet<>(); // sessions a bot took

        World(PoolPolicy policy) {
            this.policy = policy;
            this.pool = new Pool(POOL, policy, 0, ids);
        }

        void apply(Op op) {
            switch (op.kind()) {
                case REQUEST -> {
                    List<String> live = ROUTERS.stream().filter(r -> !deadRouters.contains(r)).toList();
                    if (live.isEmpty()) {
                        return;
                    }
                    String session = "s" + (++sessions);
                    routerOf.put(session, live.get(op.pick() % live.size()));
                    sessionDeadline.put(session, now + op.amount());
                    ask(session, 1);
                }
                case DUPLICATE -> {
                    // A router asks nothing more for a session whose client left (replays come with TAKEOVER).
                    List<SessionRequested> again = sent.stream().filter(r -> !left.contains(r.sessionId())).toList();
                    if (!again.isEmpty()) {
                        SessionRequested r = again.get(op.pick() % again.size());
                        feed(RequestKey.of(r), (p, t) -> p.request(r, t));
                    }
                }
                case ADVANCE -> {
                    for (long rest = op.amount() % 600; rest > 0; rest -= 100) {
                        now += Math.min(100, rest);
                        announce(); // a live router heartbeats every interval (100 ms here): time never outruns it
                    }
                }
                case TICK -> {
                    feed(null, (p, t) -> { // the allocator's own pool.status, read back
                        p.inputRead(t);
                        return Effects.NONE;
                    });
                    step(pool.tick(now));
                }
                case HEARTBEATS -> List.copyOf(bots.values()).forEach(this::beat);
                case SPAWN -> spawn(op.pick());
                case WARM -> pick(op.pick(), BotState.STARTING).ifPresent(this::warm);
                case CLAIM -> claim(op.pick(), true);
                case END -> pick(op.pick(), BotState.BUSY).ifPresent(this::end);
                case DIE -> {
                    if (!bots.isEmpty()) {
                        SimBot gone = bots.remove(new ArrayList<>(bots.keySet()).get(op.pick() % bots.size()));
                        dead.put(gone.id, gone.state);
                        if (gone.state == BotState.BUSY && gone.session != null && routerAlive(gone.session)
                                && op.amount() % 2 == 1) { // its router saw the bot's socket go
                            ended(SessionEnded.of(gone.session, gone.id, POOL, EndReason.BOT_LOST, "router", 1, 1, now));
                        }
                    }
                }
                case FAIL -> fail(op.pick());
                case CLAIM_QUIET -> claim(op.pick(), false);
                case REFUSE -> refuse(op.pick(), op.amount());
                case WITHDRAW -> withdraw(op.pick());
                case ROUTER_HEARTBEATS -> {
                    ROUTERS.stream().filter(r -> !deadRouters.contains(r)).forEach(announced::add);
                    announce();
                }
                case ROUTER_DIES -> deadRouters.add(ROUTERS.get(op.pick() % ROUTERS.size()));
                case OLD_HEARTBEAT -> {
                    List<BotHeartbeat> old = bots.values().stream().flatMap(b -> b.sent.stream()).toList();
                    if (!old.isEmpty()) {
                        BotHeartbeat hb = old.get(op.pick() % old.size());
                        feed(null, (p, t) -> p.heartbeat(hb, t));
                    }
                }
                case TAKEOVER -> takeover(op.pick());
                case LATE_END -> {
                    if (!ends.isEmpty()) { // delivered again, whatever its bot does by now
                        SessionEnded e = ends.get(op.pick() % ends.size());
                        feed(null, (p, t) -> p.sessionEnded(e, t));
                    }
                }
                case HANDSHAKE_LOST -> handshakeLost(op.pick());
                case LATE_SPAWN -> lateSpawn(op.pick());
                case LATE_FAIL -> {
                    List<String> settled = provisionIds.stream().filter(id -> !provisions.containsKey(id)).toList();
                    if (!settled.isEmpty()) { // its bots came up, or the allocator gave up on it, already
                        BotSpawnFailed f = BotSpawnFailed.of(settled.get(op.pick() % settled.size()), POOL,
                                1 + op.amount() % 3, "late", now);
                        failures++;
                        feed(null, (p, t) -> p.spawnFailed(f, t));
                    }
                }
            }
        }

        private void announce() {
            announced.stream().filter(r -> !deadRouters.contains(r)).sorted().forEach(r -> {
                RouterHeartbeat h = RouterHeartbeat.of(r, POOL, 1, 100, now);
                feed(null, (p, t) -> p.routerHeartbeat(h, t));
            });
        }

        /** A record goes into the pool's partition and its owner applies it now. */
        private void feed(RequestKey request, BiFunction<Pool, Long, Effects> input) {
            inputs.add(new Input(request, input));
            step(input.apply(pool, now));
        }

        private void beat(SimBot bot) {
            BotHeartbeat hb = bot.beat(now);
            lastBeat.put(bot.id, now);
            takenUnseen.remove(bot.id);
            feed(null, (p, t) -> p.heartbeat(hb, t));
        }

        private void ended(SessionEnded e) {
            ends.add(e);
            feed(null, (p, t) -> p.sessionEnded(e, t));
        }

        /**
         * The pool's partition goes to a new owner (the old one crashed or lost it in a rebalance). It
         * reads from the old owner's last committed offset, anywhere up to the first request still
         * queued there, and replays everything after it before going on.
         */
        private void takeover(int pick) {
            int uncommitted = committed;
            while (uncommitted < inputs.size() && (inputs.get(uncommitted).request() == null
                    || !pool.isQueued(inputs.get(uncommitted).request()))) {
                uncommitted++;
            }
            committed += pick % (uncommitted - committed + 1);
            now += 1; // the new owner's first read comes after the old owner's last
            lastTakeover = now;
            owner++;
            pool = new Pool(POOL, policy, now, ids);
            claims.clear();
            known.clear();
            for (Input replayed : List.copyOf(inputs.subList(committed, inputs.size()))) {
                step(replayed.apply().apply(pool, now));
            }
        }

        /** What a router sends: the session's request for {@code attempt}, under its first deadline. */
        private void ask(String session, int attempt) {
            long deadline = sessionDeadline.get(session);
            SessionRequested r = SessionRequested.of(session, POOL, routerOf.get(session), attempt,
                    Math.min(now, deadline), deadline);
            sent.add(r);
            requests.put(RequestKey.of(r), Math.min(r.deadline(), r.requestedAt() + policy.maxWaitMs()));
            feed(RequestKey.of(r), (p, t) -> p.request(r, t));
        }

        private boolean routerAlive(String session) {
            return !deadRouters.contains(routerOf.get(session));
        }

        /** The claim failed (401, 409 or unreachable): the router reports it, then asks again while it may. */
        private void refuse(int pick, int how) {
            claimInFlight(pick).ifPresent(c -> failed(c, List.of(401, 409, 0).get(how % 3)));
        }

        /** The router could not claim: it reports the failure and asks again while the session may wait. */
        private void failed(PendingClaim c, int status) {
            pending.remove(c);
            claims.remove(c.botId(), c);
            ClaimFailed f = ClaimFailed.of(c.sessionId(), c.attempt(), c.botId(), POOL, routerOf.get(c.sessionId()),
                    status, now);
            feed(null, (p, t) -> p.claimFailed(f, t));
            if (now < sessionDeadline.get(c.sessionId())) {
                ask(c.sessionId(), c.attempt() + 1);
            }
        }

        /**
         * The bot accepted the claim, then the router saw the handshake fail: the bot reports the end
         * of that claim (and retires or resets), the router reports the failure and asks again, in
         * either order.
         */
        private void handshakeLost(int pick) {
            java.util.Optional<PendingClaim> picked = claimInFlight(pick);
            SimBot bot = picked.map(c -> bots.get(c.botId())).orElse(null);
            if (bot == null || bot.state != BotState.READY) {
                return;
            }
            PendingClaim c = picked.get();
            pending.remove(c);
            claims.remove(c.botId(), c); // the bot took the claim: nothing more comes of it
            bot.state = BotState.BUSY;
            bot.session = c.sessionId();
            if (pick % 2 == 0) {
                failed(c, 0);
            }
            ended(SessionEnded.of(c.sessionId(), bot.id, POOL, EndReason.CLIENT_GONE, "bot", 1, 0, now));
            bot.session = null;
            bot.state = policy.afterSession() == AfterSession.REUSE ? BotState.READY : BotState.EXITING;
            beat(bot);
            if (bot.state == BotState.EXITING) {
                bots.remove(bot.id);
            }
            if (pick % 2 == 1) {
                failed(c, 0);
            }
        }

        /** A client leaves while its session waits: the router withdraws it, and will claim nothing for it. */
        private void withdraw(int pick) {
            List<String> waiting = routerOf.keySet().stream()
                    .filter(s -> routerAlive(s) && !left.contains(s) && !served.contains(s)
                            && pending.stream().noneMatch(c -> c.sessionId().equals(s)))
                    .sorted().toList();
            if (waiting.isEmpty()) {
                return;
            }
            String session = waiting.get(pick % waiting.size());
            left.add(session);
            SessionWithdrawn w = SessionWithdrawn.of(session, POOL, routerOf.get(session), EndReason.CLIENT_GONE, now);
            feed(null, (p, t) -> p.withdrawn(w, t));
        }

        /** Time runs on with healthy bots and a provisioner that delivers, until every deadline is past. */
        void quiesce() {
            long until = Math.max(Math.max(now, lastTakeover + policy.rebuildGraceMs()),
                    requests.values().stream().mapToLong(Long::longValue).max().orElse(now))
                    + policy.backoffMs(failures) + policy.spawnTimeoutMs() + 1_000;
            while (now <= until) {
                now += 90;
                announce();
                List.copyOf(bots.values()).forEach(this::beat);
                while (!provisions.isEmpty()) {
                    spawn(0);
                }
                List.copyOf(bots.values()).stream().filter(b -> b.state == BotState.STARTING).forEach(this::warm);
                feed(null, (p, t) -> {
                    p.inputRead(t);
                    return Effects.NONE;
                });
                step(pool.tick(now));
            }
        }

        private void spawn(int pick) {
            expire();
            if (provisions.isEmpty()) {
                return;
            }
            String id = new ArrayList<>(provisions.keySet()).get(pick % provisions.size());
            int[] p = provisions.get(id);
            if (--p[0] == 0) {
                provisions.remove(id);
            }
            start(id);
        }

        /** A bot of a provision the allocator already gave up on comes up after all. */
        private void lateSpawn(int pick) {
            expire();
            if (expired.isEmpty()) {
                return;
            }
            String id = new ArrayList<>(expired.keySet()).get(pick % expired.size());
            if (expired.merge(id, -1, Integer::sum) == 0) {
                expired.remove(id);
            }
            start(id);
        }

        /** Provisions the allocator has given up on: their bots may still come, late. */
        private void expire() {
            provisions.entrySet().removeIf(p -> {
                if (p.getValue()[1] <= now) {
                    expired.put(p.getKey(), p.getValue()[0]);
                    return true;
                }
                return false;
            });
        }

        /** The provisioner caps what runs at max ({@code SpawnQueue}): a bot asked for beyond it is not started. */
        private void start(String provisionId) {
            if (bots.size() >= policy.maxBots()) {
                return;
            }
            SimBot bot = new SimBot("b" + (++botsMade), provisionId);
            bots.put(bot.id, bot);
            beat(bot);
        }

        private void warm(SimBot bot) {
            bot.state = BotState.READY;
            beat(bot);
        }

        /** A claim a live router is presenting. */
        private java.util.Optional<PendingClaim> claimInFlight(int pick) {
            List<PendingClaim> claimable = pending.stream().filter(c -> routerAlive(c.sessionId())).toList();
            return claimable.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(claimable.get(pick % claimable.size()));
        }

        /** @param heartbeatNow false: the bot's BUSY heartbeat comes later, maybe after the session ended */
        private void claim(int pick, boolean heartbeatNow) {
            java.util.Optional<PendingClaim> picked = claimInFlight(pick);
            if (picked.isEmpty()) {
                return;
            }
            PendingClaim c = picked.get();
            pending.remove(c);
            SimBot bot = bots.get(c.botId());
            if (bot == null || bot.state != BotState.READY) { // the bot arbitrates: first claim while READY wins
                failed(c, bot == null ? 0 : 409);
                return;
            }
            claims.remove(c.botId(), c);
            PendingClaim meanwhile = claims.get(c.botId());
            if (meanwhile != null && !meanwhile.sessionId().equals(c.sessionId())) {
                // An older owner's claim (before a takeover) took the bot the new owner had assigned since:
                // that assignment's claim now meets a busy bot (409) or, later, a READY one that arbitrates
                // again. The pool cannot know of the older claim, so it may hand the bot out once it is free.
                claims.remove(c.botId());
            }
            bot.state = BotState.BUSY;
            bot.session = c.sessionId();
            served.add(c.sessionId());
            if (c.owner() < owner) {
                takenUnseen.add(bot.id);
            }
            if (heartbeatNow) {
                beat(bot);
            }
        }

        private void end(SimBot bot) {
            // A dead router ends nothing: the bot notices its socket go and reports the end itself.
            String reporter = routerAlive(bot.session) ? "router" : "bot";
            ended(SessionEnded.of(bot.session, bot.id, POOL, EndReason.CLIENT_END, reporter, 1, 1, now));
            bot.session = null;
            bot.state = policy.afterSession() == AfterSession.REUSE ? BotState.READY : BotState.EXITING;
            beat(bot);
            if (bot.state == BotState.EXITING) {
                bots.remove(bot.id);
            }
        }

        private void fail(int pick) {
            if (provisions.isEmpty()) {
                return;
            }
            String id = new ArrayList<>(provisions.keySet()).get(pick % provisions.size());
            int count = provisions.remove(id)[0];
            failures++;
            BotSpawnFailed f = BotSpawnFailed.of(id, POOL, count, "boom", now);
            feed(null, (p, t) -> p.spawnFailed(f, t));
        }

        private java.util.Optional<SimBot> pick(int pick, BotState state) {
            List<SimBot> candidates = bots.values().stream().filter(b -> b.state == state).toList();
            return candidates.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(candidates.get(pick % candidates.size()));
        }

        private void step(Effects effects) {
            for (WarmpoolEvent e : effects.events()) {
                if (e instanceof BotAssigned a) {
                    SimBot bot = bots.get(a.botId());
                    BotState real = bot != null ? bot.state : dead.get(a.botId());
                    // Except a bot an earlier owner's claim took, not heard since: its BUSY heartbeat is
                    // still to come, and the bot refuses this assignment's claim (409) as it arbitrates.
                    boolean takenByOlderClaim = real == BotState.BUSY && takenUnseen.contains(a.botId());
                    if (!takenByOlderClaim) {
                        assertThat(real).as("%s is assigned only while really READY", a.botId())
                                .isEqualTo(BotState.READY);
                    }
                    assertThat(lastBeat.get(a.botId())).as("%s is assigned only once heard since the owner took over "
                            + "(a replayed heartbeat proves nothing)", a.botId()).isGreaterThanOrEqualTo(pool.rebuiltAt());
                    PendingClaim claim = claims.get(a.botId());
                    assertThat(claim == null || now - claimedAt.get(a.botId()) >= policy.claimTimeoutMs())
                            .as("%s is not assigned again while its claim may still come", a.botId()).isTrue();
                    RequestKey key = new RequestKey(a.sessionId(), a.attempt());
                    assertThat(now).as("assigned before the deadline").isLessThan(requests.get(key));
                    assertThat(left).as("no bot parked for a session whose client left").doesNotContain(a.sessionId());
                    boolean first = !outcomes.containsKey(key); // the router ignores a repeated answer
                    outcome(key, "assigned");
                    if (first && !left.contains(a.sessionId())) { // a router whose client left claims nothing
                        PendingClaim c = new PendingClaim(a.botId(), a.sessionId(), a.attempt(), owner);
                        pending.add(c);
                        if (!takenByOlderClaim) {
                            // Else, as in claim(): the pool cannot know of the older claim, so it may hand
                            // the bot out once that session is over; this claim meets 409 or arbitration.
                            claims.put(a.botId(), c);
                            claimedAt.put(a.botId(), now);
                        }
                    }
                } else if (e instanceof SessionRejected r) {
                    RequestKey key = new RequestKey(r.sessionId(), r.attempt());
                    if (r.reason() == RejectReason.TIMEOUT || r.reason() == RejectReason.POOL_EXHAUSTED) {
                        assertThat(now).as("rejected as %s only once late", r.reason())
                                .isGreaterThanOrEqualTo(requests.get(key));
                    } else {
                        assertThat(r.reason()).isEqualTo(RejectReason.OVERLOADED);
                    }
                    outcome(key, r.reason().wire());
                } else if (e instanceof PoolDeficit d) {
                    // The pool asks for nothing beyond max: the bots it knows and those it waits for, this
                    // deficit included. (It may know more: bots another owner, or a spawn it gave up on, brought.)
                    assertThat(d.snapshot().total() + d.snapshot().pending()).as("bots and pending spawns within max "
                            + "when asking, in %s", d.snapshot()).isLessThanOrEqualTo(policy.maxBots());
                    provisions.put(d.provisionId(), new int[] {d.missing(), (int) (now + policy.spawnTimeoutMs())});
                    provisionIds.add(d.provisionId());
                }
            }
            for (RequestKey key : effects.withdrawn()) {
                String session = key.sessionId();
                assertThat(left.contains(session) || !routerAlive(session) || served.contains(session))
                        .as("%s withdrawn only when its client left, its router died or it was served", key).isTrue();
                outcome(key, "withdrawn");
            }
            // The provisioner stops what the allocator forgot (LOST, then silent for long).
            bots.values().stream().filter(b -> pool.bot(b.id).isPresent()).forEach(b -> known.add(b.id));
            bots.keySet().removeIf(id -> known.contains(id) && pool.bot(id).isEmpty());
        }

        private void outcome(RequestKey key, String what) {
            outcomes.computeIfAbsent(key, k -> new ArrayList<>()).add(what);
            assertThat(answeredBy.computeIfAbsent(key, k -> new HashSet<>()).add(owner))
                    .as("%s answered twice by owner %d: %s", key, owner, outcomes.get(key)).isTrue();
        }
    }

    /** A bot process as the world sees it. */
    static final class SimBot {
        final String id;
        final String provisionId;
        BotState state = BotState.STARTING;
        String session;
        long seq;
        final List<BotHeartbeat> sent = new ArrayList<>();

        SimBot(String id, String provisionId) {
            this.id = id;
            this.provisionId = provisionId;
        }

        BotHeartbeat beat(long now) {
            Endpoint endpoint = state == BotState.READY || state == BotState.BUSY ? ENDPOINT : null;
            BotHeartbeat hb = BotHeartbeat.of(id, POOL, state, endpoint, session, provisionId, ++seq, 0,
                    state == BotState.STARTING ? null : now, now);
            sent.add(hb);
            return hb;
        }
    }

    static final class Ids implements java.util.function.Supplier<String> {
        private int n;

        @Override
        public String get() {
            return "prov-" + (++n);
        }
    }
}
