package io.warmpool.bench.scenario;

import io.vertx.core.Future;
import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.load.BotAddress;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.EventTap;
import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.Stack;
import io.warmpool.events.BotAssigned;
import io.warmpool.events.EventType;
import io.warmpool.router.app.RouterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The in-JVM variant, the allocator's own ceiling: scenarios 1, 2 and 3 with the allocator, the
 * router and a warm pool of bots all in this JVM (rules engine, no token delay, reuse on), beside
 * the load generator: time to assigned and first token through the router, first token straight to
 * a bot, then the sustained assignment rate. What users run is {@link UsersPath}.
 */
public final class WarmPath {
    static final String POOL = "warm";
    private static final String DIRECT_POOL = "direct"; // no allocator serves it: only the harness talks to them
    /**
     * Past the router's deadline, so that a session the router gives up on is seen with its outcome
     * (rejected, timeout) rather than cut by the client first; what the client still waits for then
     * went without an outcome.
     */
    static final long SESSION_TIMEOUT_MS = RouterConfig.DEFAULT_SESSION_DEADLINE.toMillis() + 10_000;
    static final Duration DRAIN = Duration.ofMillis(SESSION_TIMEOUT_MS).plusSeconds(15);

    private WarmPath() {
    }

    public static void run(BenchBroker broker, BenchOptions o, Results results) throws Exception {
        Installation installation = new Installation(broker.bootstrap(), broker.topics("bench-warm."));
        try (Stack stack = new Stack(installation); Clients clients = new Clients();
             EventTap tap = new EventTap(installation, EventType.BOT_ASSIGNED)) {
            stack.poolManager("allocator", POOL + ":min=" + o.warmBots() + ",max=" + o.warmBots() + ",reuse=true");
            for (int i = 0; i < o.warmBots(); i++) {
                stack.bot(POOL, true);
            }
            List<BotAddress> direct = new ArrayList<>();
            for (int i = 0; i < o.directBots(); i++) {
                direct.add(stack.bot(DIRECT_POOL, true));
            }
            stack.awaitReadyBots(POOL, o.warmBots(), Duration.ofSeconds(60));
            // Room for every session of the highest step; the per-connection message rate is not in play.
            int port = stack.router(RouterConfig.MAX_SESSIONS, "50000");

            Progress.say("scenarios 1+2: via the router, %d sessions at %.0f/s (after %d warm-up)",
                    o.warmSessions(), o.warmRate(), o.warmup());
            viaRouter(clients, port, o.warmup(), o.warmRate());
            long measuredFrom = System.currentTimeMillis();
            List<SessionResult> routed = viaRouter(clients, port, o.warmSessions(), o.warmRate());
            Figures.outcomes(results, "warm", routed);
            results.add(Figures.of("assigned.warm", "1. in-JVM variant: time to assigned, warm pool (via router)", routed,
                    SessionResult::toAssigned));
            // The allocator's own queuedMs: the router's request to its assignment, Kafka hop included.
            results.add(Figures.ofMillis("queued.warm", "1. in-JVM variant: of which request to assignment (allocator's queuedMs)",
                    tap.since(BotAssigned.class, measuredFrom).stream().map(BotAssigned::queuedMs).toList()));
            results.add(Figures.of("firstToken.router", "2. in-JVM variant: first token via router", routed,
                    SessionResult::toFirstToken));

            Progress.say("scenario 2: straight to %d bots with a claim, %d sessions at %.0f/s",
                    direct.size(), o.warmSessions(), o.warmRate());
            BlockingQueue<BotAddress> free = new ArrayBlockingQueue<>(direct.size(), false, direct);
            straight(clients, installation, free, o.warmup(), o.warmRate());
            List<SessionResult> straight = straight(clients, installation, free, o.warmSessions(), o.warmRate());
            Figures.outcomes(results, "direct", straight);
            results.add(Figures.of("firstToken.direct", "2. first token straight to a bot (claim included)",
                    straight, SessionResult::toFirstToken));
            results.add(Figures.of("claim.direct", "2. claim handshake straight to a bot", straight,
                    SessionResult::toAssigned));

            Throughput.run(new Throughput.Ladder("inJvm", "3. in-JVM variant", POOL, port, o.throughputSteps(),
                    o.stepSeconds(), () -> stack.awaitReadyBots(POOL, o.warmBots(), DRAIN)), clients, results);
        }
    }

    static List<SessionResult> viaRouter(Clients clients, int port, int sessions, double rate) {
        return OpenLoop.run(sessions, rate, DRAIN, intended -> ChatSession.viaRouter(clients.vertx, clients.ws, port,
                POOL, intended, ChatSession.Script.ONE_MESSAGE, SESSION_TIMEOUT_MS));
    }

    /**
     * Each session takes a free bot and gives it back when over; the reuse policy has it READY again
     * by then. Waiting for a free bot delays later starts, but what is timed here, message to first
     * token, begins after the claim and is not affected.
     */
    private static List<SessionResult> straight(Clients clients, Installation installation,
                                                BlockingQueue<BotAddress> free, int sessions, double rate) {
        return OpenLoop.run(sessions, rate, DRAIN, intended -> {
            BotAddress bot = takeFree(free);
            if (bot == null) {
                return Future.succeededFuture(SessionResult.failed("no free bot within 5 s"));
            }
            return ChatSession.direct(clients.vertx, clients.ws, bot, installation.claimKey(),
                    ChatSession.Script.ONE_MESSAGE, intended, SESSION_TIMEOUT_MS).onComplete(ar -> free.add(bot));
        });
    }

    private static BotAddress takeFree(BlockingQueue<BotAddress> free) {
        try {
            return free.poll(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
