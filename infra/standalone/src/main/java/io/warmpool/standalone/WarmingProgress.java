package io.warmpool.standalone;

import io.warmpool.events.PoolStatus;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Prints the warm-up of a pool as it happens ("warming 1/3 ... 3/3 ready"), from the allocator's
 * {@code pool.status} snapshots, and announces the URL the first time the pool is ready; prints
 * when the pool manager cannot provision, and when it can again.
 */
final class WarmingProgress {
    private final String pool;
    private final int minReady;
    private final String url;
    private final PrintStream out;
    private int lastShown = -1;
    private boolean announced;
    private Optional<String> problem = Optional.empty();

    WarmingProgress(String pool, int minReady, String url, PrintStream out) {
        this.pool = pool;
        this.minReady = minReady;
        this.url = url;
        this.out = out;
    }

    /** @param provisioningProblem why the pool manager cannot provision at the time of {@code status}, if it cannot */
    void onStatus(PoolStatus status, Optional<String> provisioningProblem) {
        if (!status.pool().equals(pool)) {
            return;
        }
        if (!provisioningProblem.equals(problem)) {
            problem = provisioningProblem;
            out.println(problem.map(p -> "pool manager cannot provision bots: " + p)
                    .orElse("pool manager provisions bots again"));
        }
        int ready = Math.min(status.snapshot().ready(), minReady);
        if (ready == lastShown) {
            return;
        }
        lastShown = ready;
        if (ready < minReady) {
            out.printf("warming %d/%d (%d starting)%n", ready, minReady, status.snapshot().starting()
                    + status.snapshot().pending());
        } else if (!announced) {
            announced = true;
            out.printf("%d/%d ready%n%nwarmpool is up: open %s to chat, %s/pools to watch the pool.%n"
                    + "Ctrl-C stops everything.%n", ready, minReady, url, url);
        }
    }
}
