package io.warmpool.bench.stack;

import io.warmpool.router.app.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One installation in the shape users run it (README): the pool manager (allocator and process
 * provisioner) and the router each from its service jar in a JVM of its own, configured by
 * environment, bots spawned as child JVMs from the bot jar. Every bot's command line carries this
 * stack's marker, so that none outlives it.
 */
public final class UserStack implements AutoCloseable {
    private static final Duration READY = Duration.ofMinutes(2);

    private final String marker;
    private final List<Service> started = new ArrayList<>();
    private PoolManagerHttp poolManager;
    private int routerPort;

    private UserStack(String marker) {
        this.marker = marker;
    }

    /**
     * Starts the pool manager with {@code pools} (WARMPOOL_POOLS syntax), the reuse policy as the
     * bots' default and {@code warmupMs} of bot warm-up, then the router; returns once both report ready.
     */
    public static UserStack start(ServiceJars jars, Installation installation, Path dir, String pools, long warmupMs)
            throws Exception {
        Files.createDirectories(dir);
        UserStack stack = new UserStack("-Dwarmpool.bench.stack=" + installation.topics().prefix() + UUID.randomUUID());
        try {
            int pmPort = BenchBroker.freePort();
            stack.started.add(jars.start("pool-manager", ServiceJars.POOL_MANAGER,
                    jars.poolManagerEnv(installation, pools, pmPort, warmupMs, dir.resolve("bots"), stack.marker),
                    List.of(), dir.resolve("pool-manager.log")));
            stack.poolManager = new PoolManagerHttp(pmPort);
            stack.poolManager.awaitReady(READY);
            stack.routerPort = BenchBroker.freePort();
            Map<String, String> routerEnv = installation.env(RouterConfig.HTTP_PORT, Integer.toString(stack.routerPort),
                    RouterConfig.MAX_SESSIONS, "50000");
            stack.started.add(jars.start("router", ServiceJars.ROUTER, routerEnv, List.of(), dir.resolve("router.log")));
            new PoolManagerHttp(stack.routerPort).awaitReady(READY); // the same /health/ready contract
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    public int routerPort() {
        return routerPort;
    }

    public PoolManagerHttp poolManager() {
        return poolManager;
    }

    /** Stops router and pool manager the orderly way (their profiles are written then), then any bot left. */
    @Override
    public void close() throws InterruptedException {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop(Duration.ofSeconds(60));
        }
        ProcessTable.bots(marker).values().forEach(pid -> Signals.send("KILL", pid));
    }
}
