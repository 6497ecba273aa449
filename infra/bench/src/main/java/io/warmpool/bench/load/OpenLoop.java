package io.warmpool.bench.load;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * The open arrival model: session {@code i} starts at {@code t0 + i / rate} whatever became of the
 * earlier ones, and each is timed from that intended start, so a slow answer delays no later start
 * and hides nothing (no coordinated omission). Bounded: {@code sessions} starts, then at most
 * {@code drain} for the last answers; a session still open then counts as failed.
 */
public final class OpenLoop {
    private OpenLoop() {
    }

    /** @param start begins the session intended at the given {@link System#nanoTime()}; must not block */
    public static List<SessionResult> run(int sessions, double perSecond, Duration drain,
                                          LongFunction<Future<SessionResult>> start) {
        return run(i -> i < sessions, perSecond, drain, start);
    }

    /** As above, starting session {@code i} while {@code more} holds for {@code i} at its intended start. */
    public static List<SessionResult> run(IntPredicate more, double perSecond, Duration drain,
                                          LongFunction<Future<SessionResult>> start) {
        long period = Math.round(1e9 / perSecond);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        List<Future<SessionResult>> running = new ArrayList<>();
        for (int i = 0; more.test(i); i++) {
            long intended = t0 + i * period;
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            running.add(start.apply(intended));
        }
        try {
            Future.join(running).await(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Some did not finish (or failed): each is read one by one below.
        }
        List<SessionResult> results = new ArrayList<>(running.size());
        for (Future<SessionResult> f : running) {
            results.add(f.succeeded() ? f.result()
                    : SessionResult.failed(f.failed() ? f.cause().toString() : "not done after " + drain));
        }
        return results;
    }
}
