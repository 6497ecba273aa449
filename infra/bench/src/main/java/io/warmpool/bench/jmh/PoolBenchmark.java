package io.warmpool.bench.jmh;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRequested;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.Effects;
import io.warmpool.poolmanager.pool.Pool;
import io.warmpool.poolmanager.pool.PoolPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assignments per second of the pure {@link Pool}: with {@code bots} READY bots, one operation is
 * a request that gets a bot, the bot's BUSY heartbeat, the session's end and the bot's READY
 * heartbeat (reuse policy), so the pool is the same after every operation. The events are built
 * in the operation, as the allocator gets them decoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolBenchmark {
    private static final String POOL = "bench";
    private static final Endpoint ENDPOINT = new Endpoint("127.0.0.1", 9000);

    @Param({"10", "1000", "10000"})
    public int bots;

    private Pool pool;
    private final Map<String, long[]> seqs = new HashMap<>();
    private long now;
    private long sessions;

    @Setup
    public void fill() {
        PoolPolicy policy = new PoolPolicy(bots, bots, 100, 30_000, 10_000, 1_000, 3, 60_000, 1_000,
                AfterSession.REUSE);
        long[] provisions = {0};
        pool = new Pool(POOL, policy, 0, () -> "p" + provisions[0]++);
        now = 1;
        for (int i = 0; i < bots; i++) {
            String id = "bot-" + i;
            seqs.put(id, new long[] {0});
            beat(id, BotState.READY, null);
        }
    }

    @Benchmark
    public Effects assignAndReturn() {
        now++;
        String session = "s" + sessions++;
        Effects assigned = pool.request(SessionRequested.of(session, POOL, "router-1", 1, now, now + 30_000), now);
        String bot = ((BotAssigned) assigned.events().get(0)).botId();
        beat(bot, BotState.BUSY, session);
        pool.sessionEnded(SessionEnded.of(session, bot, POOL, EndReason.CLIENT_END, "router", 1, 1, now), now);
        return beat(bot, BotState.READY, null);
    }

    private Effects beat(String bot, BotState state, String session) {
        long seq = ++seqs.get(bot)[0];
        return pool.heartbeat(BotHeartbeat.of(bot, POOL, state, ENDPOINT, session, null, seq, 0, now, now), now);
    }
}
