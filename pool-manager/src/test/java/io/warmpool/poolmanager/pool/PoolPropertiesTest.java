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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The pool against a simulated world (routers, bots, a provisioner) driven by random interleavings
 * of every input and of time. The world behaves as the real one may: bots die silently, spawns
 * fail, claims never come or fail (reported, then asked again with the next attempt), requests
 * repeat, heartbeats come out of order, BUSY heartbeats lag behind the router's end, several
 * routers ask and die, clients leave while queued.
 */
class PoolPropertiesTest {
    private static final String POOL = "p";
    private static final Endpoint ENDPOINT = new Endpoint("h", 1);

    enum Kind { REQUEST, DUPLICATE, ADVANCE, TICK, HEARTBEATS, SPAWN, WARM, CLAIM, END, DIE, FAIL,
        CLAIM_QUIET, REFUSE, WITHDRAW, ROUTER_HEARTBEATS, ROUTER_DIES, OLD_HEARTBEAT }
    static final List<String> ROUTERS = List.of("r0", "r1", "r2");

    record Op(Kind kind, int pick, int amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 3_000)).as(Op::new);
        return op.list().ofMaxSize(80);
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

        world.requests.forEach((key, deadline) -> assertThat(world.outcomes.getOrDefault(key, List.of()))
                .as("outcomes of %s", key).hasSize(1));
        PoolSnapshot s = world.pool.snapshot();
        int occupied = s.total() - s.ready() - s.starting();
        assertThat(s.ready() + s.starting() + s.pending())
                .as("ready + starting + pending reaches the target in %s", s)
                .isGreaterThanOrEqualTo(Math.min(policy.maxBots() - occupied, policy.minReady() + s.queued()));
    }

    /** The simulated world around one pool, checking the invariants after every step. */
    static final class World {
        final PoolPolicy policy;
        final Pool pool;
        long now;
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
        final Map<String, long[]> claims = new HashMap<>(); // botId -> {assignedAt}; session in claimSession
        final Map<String, String> claimSession = new HashMap<>();
        final Map<String, Integer> claimAttempt = new HashMap<>();
        final Map<String, String> routerOf = new HashMap<>(); // session -> router
        final Map<String, Long> sessionDeadline = new HashMap<>();
        final Set<String> deadRouters = new HashSet<>();
        final Set<String> announced = new HashSet<>(); // routers that send router.heartbeat (others never do)
        final Set<String> left = new HashSet<>(); // sessions whose client left while waiting
        final Set<String> served = new HashSet<>(); // sessions a bot took

        World(PoolPolicy policy) {
            this.policy = policy;
            this.pool = new Pool(POOL, policy, 0, new Ids());
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
                    if (!sent.isEmpty()) {
                        step(pool.request(sent.get(op.pick() % sent.size()), now));
                    }
                }
                case ADVANCE -> {
                    now += op.amount() % 150;
                    announce(); // a live router heartbeats every interval (100 ms here): time never outruns it
                }
                case TICK -> {
                    pool.inputRead(now); // the allocator's own pool.status, read back
                    step(pool.tick(now));
                }
                case HEARTBEATS -> List.copyOf(bots.values()).forEach(b -> step(pool.heartbeat(b.beat(now), now)));
                case SPAWN -> spawn(op.pick());
                case WARM -> pick(op.pick(), BotState.STARTING).ifPresent(this::warm);
                case CLAIM -> claim(op.pick(), true);
                case END -> pick(op.pick(), BotState.BUSY).ifPresent(this::end);
                case DIE -> {
                    if (!bots.isEmpty()) {
                        SimBot gone = bots.remove(new ArrayList<>(bots.keySet()).get(op.pick() % bots.size()));
                        dead.put(gone.id, gone.state);
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
                        step(pool.heartbeat(old.get(op.pick() % old.size()), now));
                    }
                }
            }
        }

        private void announce() {
            announced.stream().filter(r -> !deadRouters.contains(r)).sorted().forEach(r ->
                    step(pool.routerHeartbeat(RouterHeartbeat.of(r, POOL, 1, 100, now), now)));
        }

        /** What a router sends: the session's request for {@code attempt}, under its first deadline. */
        private void ask(String session, int attempt) {
            long deadline = sessionDeadline.get(session);
            SessionRequested r = SessionRequested.of(session, POOL, routerOf.get(session), attempt,
                    Math.min(now, deadline), deadline);
            sent.add(r);
            requests.put(RequestKey.of(r), Math.min(r.deadline(), r.requestedAt() + policy.maxWaitMs()));
            step(pool.request(r, now));
        }

        private boolean routerAlive(String session) {
            return !deadRouters.contains(routerOf.get(session));
        }

        /** The claim failed (401, 409 or unreachable): the router reports it, then asks again while it may. */
        private void refuse(int pick, int how) {
            java.util.Optional<String> picked = claimInFlight(pick);
            if (picked.isEmpty()) {
                return;
            }
            String botId = picked.get();
            String session = claimSession.remove(botId);
            int attempt = claimAttempt.remove(botId);
            claims.remove(botId);
            int status = List.of(401, 409, 0).get(how % 3);
            step(pool.claimFailed(ClaimFailed.of(session, attempt, botId, POOL, routerOf.get(session), status, now),
                    now));
            if (now < sessionDeadline.get(session)) {
                ask(session, attempt + 1);
            }
        }

        /** A client leaves while its session waits: the router withdraws it, and will claim nothing for it. */
        private void withdraw(int pick) {
            List<String> waiting = routerOf.keySet().stream()
                    .filter(s -> routerAlive(s) && !left.contains(s) && !served.contains(s)
                            && !claimSession.containsValue(s))
                    .sorted().toList();
            if (waiting.isEmpty()) {
                return;
            }
            String session = waiting.get(pick % waiting.size());
            left.add(session);
            step(pool.withdrawn(SessionWithdrawn.of(session, POOL, routerOf.get(session), EndReason.CLIENT_GONE, now),
                    now));
        }

        /** Time runs on with healthy bots and a provisioner that delivers, until every deadline is past. */
        void quiesce() {
            long until = Math.max(now, requests.values().stream().mapToLong(Long::longValue).max().orElse(now))
                    + policy.backoffMs(failures) + policy.spawnTimeoutMs() + 1_000;
            while (now <= until) {
                now += 90;
                announce();
                List.copyOf(bots.values()).forEach(b -> step(pool.heartbeat(b.beat(now), now)));
                while (!provisions.isEmpty()) {
                    spawn(0);
                }
                List.copyOf(bots.values()).stream().filter(b -> b.state == BotState.STARTING).forEach(this::warm);
                pool.inputRead(now);
                step(pool.tick(now));
            }
        }

        private void spawn(int pick) {
            provisions.values().removeIf(p -> p[1] <= now); // given up by the allocator: never delivered
            if (provisions.isEmpty()) {
                return;
            }
            String id = new ArrayList<>(provisions.keySet()).get(pick % provisions.size());
            int[] p = provisions.get(id);
            if (--p[0] == 0) {
                provisions.remove(id);
            }
            SimBot bot = new SimBot("b" + (++botsMade), id);
            bots.put(bot.id, bot);
            step(pool.heartbeat(bot.beat(now), now));
        }

        private void warm(SimBot bot) {
            bot.state = BotState.READY;
            step(pool.heartbeat(bot.beat(now), now));
        }

        /** A bot whose claim a live router is presenting. */
        private java.util.Optional<String> claimInFlight(int pick) {
            List<String> claimable = claimSession.keySet().stream()
                    .filter(b -> routerAlive(claimSession.get(b))).sorted().toList();
            return claimable.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(claimable.get(pick % claimable.size()));
        }

        /** @param heartbeatNow false: the bot's BUSY heartbeat comes later, maybe after the session ended */
        private void claim(int pick, boolean heartbeatNow) {
            java.util.Optional<String> picked = claimInFlight(pick);
            if (picked.isEmpty()) {
                return;
            }
            String botId = picked.get();
            String session = claimSession.remove(botId);
            claimAttempt.remove(botId);
            claims.remove(botId);
            SimBot bot = bots.get(botId);
            if (bot != null && bot.state == BotState.READY) { // the bot arbitrates: first claim while READY wins
                bot.state = BotState.BUSY;
                bot.session = session;
                served.add(session);
                if (heartbeatNow) {
                    step(pool.heartbeat(bot.beat(now), now));
                }
            }
        }

        private void end(SimBot bot) {
            // A dead router ends nothing: the bot notices its socket go and reports the end itself.
            String reporter = routerAlive(bot.session) ? "router" : "bot";
            step(pool.sessionEnded(SessionEnded.of(bot.session, bot.id, POOL, EndReason.CLIENT_END, reporter, 1, 1,
                    now), now));
            bot.session = null;
            bot.state = policy.afterSession() == AfterSession.REUSE ? BotState.READY : BotState.EXITING;
            step(pool.heartbeat(bot.beat(now), now));
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
            step(pool.spawnFailed(BotSpawnFailed.of(id, POOL, count, "boom", now), now));
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
                    assertThat(real).as("%s is assigned only while really READY", a.botId())
                            .isEqualTo(BotState.READY);
                    long[] claim = claims.get(a.botId());
                    assertThat(claim == null || now - claim[0] >= policy.claimTimeoutMs())
                            .as("%s is not assigned again while its claim may still come", a.botId()).isTrue();
                    RequestKey key = new RequestKey(a.sessionId(), a.attempt());
                    assertThat(now).as("assigned before the deadline").isLessThan(requests.get(key));
                    assertThat(left).as("no bot parked for a session whose client left").doesNotContain(a.sessionId());
                    outcome(key, "assigned");
                    claims.put(a.botId(), new long[] {now});
                    if (!left.contains(a.sessionId())) { // a router whose client left claims nothing
                        claimSession.put(a.botId(), a.sessionId());
                        claimAttempt.put(a.botId(), a.attempt());
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
                    provisions.put(d.provisionId(), new int[] {d.missing(), (int) (now + policy.spawnTimeoutMs())});
                }
            }
            for (RequestKey key : effects.withdrawn()) {
                String session = key.sessionId();
                assertThat(left.contains(session) || !routerAlive(session) || served.contains(session))
                        .as("%s withdrawn only when its client left, its router died or it was served", key).isTrue();
                outcome(key, "withdrawn");
            }
            PoolSnapshot s = pool.snapshot();
            assertThat(s.total() + s.pending()).as("bots and pending spawns within max in %s", s)
                    .isLessThanOrEqualTo(policy.maxBots());
            // The provisioner stops what the allocator forgot (LOST, then silent for long).
            bots.keySet().removeIf(id -> pool.bot(id).isEmpty());
            claimSession.keySet().removeIf(id -> !bots.containsKey(id));
        }

        private void outcome(RequestKey key, String what) {
            List<String> seen = outcomes.computeIfAbsent(key, k -> new ArrayList<>());
            seen.add(what);
            assertThat(seen).as("outcomes of %s", key).hasSize(1);
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
