package io.warmpool.faults.stack;

import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Broker;
import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.PoolManagerHttp;
import io.warmpool.bench.stack.Part;
import io.warmpool.bench.stack.ProcessTable;
import io.warmpool.bench.stack.Service;
import io.warmpool.bench.stack.ServiceJars;
import io.warmpool.bench.stack.Signals;
import io.warmpool.bench.stack.Wait;
import io.warmpool.faults.FaultOptions;
import io.warmpool.router.app.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One installation on the run's broker, as README runs it: the pool manager(s) and the router each
 * in a JVM of its own from the service jars, configured by environment, bots spawned by the process
 * provisioner from the bot jar. Every bot's command line carries this installation's marker, so the
 * OS process table tells which bots are left after the stack is stopped.
 */
public final class FaultStack implements Stack {
    private static final Duration READY = Duration.ofMinutes(2);

    private final Broker broker;
    private final FaultOptions o;
    private final ServiceJars jars;
    private final Path dir;
    private final Installation installation;
    private final String marker;
    private final Recorder recorder;
    private final List<Service> started = new ArrayList<>();
    private final List<Service> poolManagers = new ArrayList<>();
    private final Map<Service, Integer> httpPorts = new HashMap<>();
    private final int routerPort;
    private Service router;

    private FaultStack(Broker broker, FaultOptions o, Path dir, Installation installation) throws IOException {
        this.broker = broker;
        this.o = o;
        this.jars = new ServiceJars(o.repo(), List.of("-Xmx512m"));
        this.dir = dir;
        this.installation = installation;
        this.marker = "-Dwarmpool.faults.stack=" + installation.topics().prefix() + UUID.randomUUID();
        this.recorder = new Recorder(broker.bootstrap(), installation.topics(), POOL);
        this.routerPort = BenchBroker.freePort();
    }

    /** Creates the topics under {@code name}, starts {@code poolManagers} pool managers and a router, awaits minReady. */
    public static FaultStack start(Broker broker, FaultOptions o, Path work, String name, int poolManagers)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Installation installation = new Installation(broker.bootstrap(), broker.topics("faults-" + name + "."));
        FaultStack stack = new FaultStack(broker, o, dir, installation);
        try {
            for (int i = 0; i < poolManagers; i++) {
                stack.startPoolManager();
            }
            stack.startRouter();
            stack.awaitMinReady(o.minReady(), READY);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public void restartBroker() throws Exception {
        broker.restart();
    }

    @Override
    public Installation installation() {
        return installation;
    }

    @Override
    public Recorder recorder() {
        return recorder;
    }

    @Override
    public int routerPort() {
        return routerPort;
    }

    @Override
    public Service router() {
        return router;
    }

    @Override
    public List<Service> poolManagers() {
        return List.copyOf(poolManagers);
    }

    /** The bot processes of this installation, found by the marker on their command lines. */
    @Override
    public Map<String, Part> bots() {
        Map<String, Part> bots = new HashMap<>();
        ProcessTable.bots(marker).forEach((botId, pid) -> bots.put(botId, Part.process(botId, pid)));
        return bots;
    }

    /** A pool manager with both roles on a free port, once it reports ready. */
    @Override
    public Service startPoolManager() throws Exception {
        int port = BenchBroker.freePort();
        Map<String, String> env = jars.poolManagerEnv(installation,
                POOL + ":min=" + o.minReady() + ",max=" + o.maxBots() + ",reuse=true", port, o.warmupMs(),
                dir.resolve("bots"), marker);
        env.put("WARMPOOL_MAX_CONCURRENT_SPAWNS", "4");
        Service pm = start("pool-manager-" + (started.size() + 1), ServiceJars.POOL_MANAGER, env);
        poolManagers.add(pm);
        httpPorts.put(pm, port);
        new PoolManagerHttp(port).awaitReady(READY);
        return pm;
    }

    /** The pool manager whose allocator owns {@code pool} now (its /api/pools lists owned pools only). */
    @Override
    public Optional<Service> owner(String pool) {
        return poolManagers.stream().filter(pm -> owns(pm, pool)).findFirst();
    }

    private boolean owns(Service pm, String pool) {
        try {
            return new PoolManagerHttp(httpPorts.get(pm)).readyBots(pool) >= 0;
        } catch (IllegalStateException notAnswering) {
            return false;
        }
    }

    @Override
    public void killPoolManager(Part pm) throws InterruptedException {
        pm.kill();
        poolManagers.remove(pm);
    }

    /** The router on this stack's one port (a restart comes back where clients look for it). */
    @Override
    public void startRouter() throws Exception {
        Map<String, String> env = installation.env(RouterConfig.HTTP_PORT, Integer.toString(routerPort),
                RouterConfig.SESSION_DEADLINE_MS, Long.toString(o.deadline().toMillis()));
        router = start("router-" + (started.size() + 1), ServiceJars.ROUTER, env);
        new PoolManagerHttp(routerPort).awaitReady(READY); // the same /health/ready contract
    }

    private Service start(String name, String module, Map<String, String> env) throws IOException {
        Service s = jars.start(name, module, env, List.of(), dir.resolve(name + ".log"));
        started.add(s);
        return s;
    }

    /** Stops router and pool managers the orderly way, then reads the process table for this stack's bots. */
    @Override
    public Stopped stop() throws InterruptedException {
        List<String> crashed = started.stream().filter(Service::crashed).map(Service::name).toList();
        if (broker.process().crashed()) {
            crashed = new ArrayList<>(crashed);
            crashed.add("broker");
        }
        List<String> hung = new ArrayList<>();
        for (Service s : started) {
            if (!s.stop(Duration.ofSeconds(60))) {
                hung.add(s.name());
            }
        }
        // The pool managers stop their bots before they exit; a moment for the last exits to be reaped.
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!ProcessTable.bots(marker).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        Map<String, Long> left = ProcessTable.bots(marker);
        left.values().forEach(pid -> Signals.send("KILL", pid)); // counted; now cleaned up
        return new Stopped(crashed, hung, left.size());
    }

    @Override
    public void close() throws InterruptedException {
        for (Service s : started) {
            s.stop(Duration.ofSeconds(30));
        }
        ProcessTable.bots(marker).values().forEach(pid -> Signals.send("KILL", pid));
        recorder.close();
    }
}
