package io.warmpool.bench.scenario;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.warmpool.bench.BenchOptions;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.Installation;
import io.warmpool.router.app.RouterConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: the router's heap per open idle WebSocket. "Idle" here is a client that connected,
 * got {@code queued} and then says nothing while no bot comes: no allocator serves this
 * installation, so every connection is a live session (registry entry, deadline and ping timers,
 * its published request) waiting, which is what a router holds for a client between its open and
 * its bot. The router runs alone in a child JVM; its heap is measured after full collections.
 */
public final class IdleSockets {
    private static final long SESSION_DEADLINE_MS = 3_600_000; // the longest allowed: no session expires mid-measure
    private static final int CONNECTS_IN_FLIGHT = 100;

    private IdleSockets() {
    }

    public static void run(BenchBroker broker, BenchOptions o, Results results, Path log) throws Exception {
        Installation installation = new Installation(broker.bootstrap(), broker.topics("bench-idle."));
        int most = o.idleSockets().stream().mapToInt(Integer::intValue).max().orElseThrow();
        ProcessBuilder pb = ChildJvm.command(List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                RouterProbe.class.getName());
        pb.environment().putAll(installation.env(RouterConfig.HTTP_PORT, "0",
                RouterConfig.MAX_SESSIONS, Integer.toString(most + 100),
                RouterConfig.SESSION_DEADLINE_MS, Long.toString(SESSION_DEADLINE_MS)));
        Process probe = pb.redirectError(log.toFile()).start();
        List<WebSocket> open = new ArrayList<>();
        try (Clients clients = new Clients();
             BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                     StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(probe.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String[] ready = out.readLine().split(" ");
            int port = Integer.parseInt(ready[1]);
            results.number("idle.fdLimit.router", Double.parseDouble(ready[2]));
            results.number("idle.fdLimit.harness", Double.parseDouble(RouterProbe.fdLimit()));
            long[] base = measure(in, out);
            Progress.say("scenario 4: router alone, %d sockets: heap after GC %.1f MB", 0, base[0] / 1e6);
            for (int target : o.idleSockets()) {
                if (target + 100 > Long.parseLong(ready[2])) {
                    results.note("scenario 4: " + target + " sockets skipped: the fd limit is " + ready[2]);
                    continue;
                }
                connect(clients, port, target - open.size(), open);
                long[] m = measure(in, out);
                Progress.say("scenario 4: %d idle sockets: heap after GC %.1f MB, RSS %.1f MB, %d fds", open.size(),
                        m[0] / 1e6, m[1] / 1e6, m[2]);
                results.number("idle." + target + ".heapAfterGcMB", m[0] / 1e6);
                results.number("idle." + target + ".heapPerSocketKB", m[0] / 1024.0 / target);
                results.number("idle." + target + ".heapDeltaPerSocketKB", (m[0] - base[0]) / 1024.0 / target);
                results.number("idle." + target + ".rssDeltaPerSocketKB", (m[1] - base[1]) / 1024.0 / target);
            }
            open.forEach(WebSocket::close);
        } finally {
            probe.getOutputStream().close();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
            }
        }
    }

    private static long[] measure(PrintWriter in, BufferedReader out) throws Exception {
        in.println("measure");
        String[] heap = out.readLine().split(" ");
        return new long[] {Long.parseLong(heap[1]), Long.parseLong(heap[2]), Long.parseLong(heap[3])};
    }

    /** Opens {@code n} more sockets, each counted once it got its {@code queued} frame. */
    private static void connect(Clients clients, int port, int n, List<WebSocket> open) throws Exception {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<Future<WebSocket>> queued = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections stalled after " + i + " of " + n);
            }
            Promise<WebSocket> got = Promise.promise();
            clients.ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                            .setURI("/chat?pool=idle").setTimeout(30_000).setConnectTimeout(30_000))
                    .onFailure(got::tryFail)
                    .onSuccess(ws -> ws.textMessageHandler(text -> {
                        if (text.contains("\"queued\"")) {
                            got.tryComplete(ws);
                        } else {
                            got.tryFail("unexpected frame " + text);
                        }
                    }));
            queued.add(got.future().onComplete(ar -> inFlight.release()));
        }
        Future.all(queued).await(2, TimeUnit.MINUTES);
        queued.forEach(f -> open.add(f.result()));
    }
}
