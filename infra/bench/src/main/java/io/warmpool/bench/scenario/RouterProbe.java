package io.warmpool.bench.scenario;

import io.vertx.core.Vertx;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.runtime.config.Env;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A router alone in a JVM, so that its heap holds nothing of the harness. Configured from its
 * environment like {@code RouterMain}; prints {@code ready PORT FD_LIMIT}, then answers each
 * {@code measure} line on stdin with {@code heap USED_AFTER_GC RSS_BYTES OPEN_FDS}; ends on EOF.
 */
public final class RouterProbe {
    private RouterProbe() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        RouterVerticle router = new RouterVerticle(RouterConfig.from(Env.system()), Clock.systemUTC());
        vertx.deployVerticle(router).compose(id -> router.ready()).await(60, TimeUnit.SECONDS);
        System.out.println("ready " + router.port() + " " + fdLimit());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("measure")) {
                System.out.println("heap " + heapAfterGc() + " " + rssBytes() + " " + openFds());
            }
        }
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** Full collections until the used heap stops shrinking: what is left is live. */
    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    static String fdLimit() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(l -> l.startsWith("Max open files")).map(l -> l.split("\\s+")[3]).findFirst()
                    .orElse("unknown");
        }
    }

    private static long rssBytes() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1]) * 1024)
                    .findFirst().orElse(-1);
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
