package io.warmpool.faults.stack.docker;

import io.warmpool.bench.report.Progress;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Installation;
import io.warmpool.bench.stack.PoolManagerHttp;
import io.warmpool.bench.stack.Wait;
import io.warmpool.events.Topics;
import io.warmpool.faults.FaultOptions;
import io.warmpool.bench.stack.Part;
import io.warmpool.faults.stack.Recorder;
import io.warmpool.faults.stack.Stack;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.runtime.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * One installation as the compose stack, the way README runs it: {@code ./warmpool compose up} on
 * the checkout's {@code docker-compose.yml} (Kafka, the router and the pool manager in containers of
 * the {@code warmpool/*:dev} images), bots as containers started by the docker provisioner. Its own
 * compose project, bots' network and free host ports, so that it stands beside other stacks on the
 * engine; a small override file adds the suite's pool and load settings and publishes the pool
 * manager's HTTP port. Bots are found by the labels the docker provisioner sets.
 */
public final class ComposeStack implements Stack {
    private static final Duration UP = Duration.ofMinutes(5);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final String MANAGED = "label=warmpool.managed=true";
    private static final String POOL_MANAGER_PORT = "8081";

    private final FaultOptions o;
    private final Path dir;
    private final Map<String, String> composeEnv;
    private final Installation installation;
    // The project's name is its installation's (WARMPOOL_INSTALLATION): the label its bot containers carry.
    private final String ourBots;
    private final int routerPort;
    private final int poolManagerPort;
    private Container kafka;
    private Container router;
    private Container poolManager;
    private Recorder recorder;
    private boolean down;

    private ComposeStack(FaultOptions o, Path dir, String project, Map<String, String> composeEnv, int kafkaPort,
                         int routerPort, int poolManagerPort) {
        this.o = o;
        this.ourBots = "label=warmpool.installation=" + project;
        this.dir = dir;
        this.composeEnv = composeEnv;
        this.installation = new Installation("localhost:" + kafkaPort, new Topics(""));
        this.routerPort = routerPort;
        this.poolManagerPort = poolManagerPort;
    }

    /** A compose project of its own named after the scenario, up, its topics read, minReady bots READY. */
    public static ComposeStack start(FaultOptions o, Path work, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        String project = "wpfaults" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        int kafkaPort = BenchBroker.freePort();
        int routerPort = BenchBroker.freePort();
        int pmPort = BenchBroker.freePort();
        Path override = dir.resolve("compose-faults.yml");
        Files.writeString(override, String.join("\n",
                "# The fault suite's settings over docker-compose.yml (written by ComposeStack).",
                "services:",
                "  router:",
                "    environment:",
                "      " + RouterConfig.SESSION_DEADLINE_MS + ": \"" + o.deadline().toMillis() + "\"",
                "  pool-manager:",
                "    environment:",
                "      WARMPOOL_INSTALLATION: \"" + project + "\"",
                "      WARMPOOL_BOT_REUSE: \"true\"",
                "      WARMPOOL_BOT_WARMUP_MS: \"" + o.warmupMs() + "\"",
                "      WARMPOOL_MAX_CONCURRENT_SPAWNS: \"4\"",
                "    ports:",
                "      - \"" + pmPort + ":" + POOL_MANAGER_PORT + "\"",
                ""));
        Map<String, String> env = Map.of(
                "COMPOSE_PROJECT_NAME", project,
                "COMPOSE_FILE", o.repo().resolve("docker-compose.yml").toAbsolutePath().normalize() + ":" + override,
                "WARMPOOL_PORT", Integer.toString(routerPort),
                "KAFKA_HOST_PORT", Integer.toString(kafkaPort),
                "WARMPOOL_DOCKER_NETWORK", project + "-bots",
                "WARMPOOL_POOLS", POOL + ":min=" + o.minReady() + ",max=" + o.maxBots() + ",reuse=true",
                "WARMPOOL_CLAIM_KEY", Installation.CLAIM_KEY);
        ComposeStack stack = new ComposeStack(o, dir, project, env, kafkaPort, routerPort, pmPort);
        try {
            stack.up();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void up() throws Exception {
        compose("up", "kafka", "router", "pool-manager");
        kafka = container("kafka");
        router = container("router");
        poolManager = container("pool-manager");
        awaitKafka();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", installation.bootstrap()))) {
            KafkaTopics.using(admin).createMissing(installation.topics(), KafkaTopics.DEFAULT_PARTITIONS);
        }
        recorder = new Recorder(installation.bootstrap(), installation.topics(), POOL);
        new PoolManagerHttp(poolManagerPort).awaitReady(READY);
        new PoolManagerHttp(routerPort).awaitReady(READY);
        awaitMinReady(o.minReady(), READY);
    }

    /** {@code ./warmpool compose ARGS} in the checkout, with this project's settings; its output to compose.log. */
    private void compose(String... args) {
        List<String> command = new ArrayList<>(List.of("./warmpool", "compose"));
        command.addAll(Arrays.asList(args));
        String out = Docker.run(o.repo().toAbsolutePath().normalize(), composeEnv, UP, command);
        try {
            Files.writeString(dir.resolve("compose.log"), out + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            // the log is a courtesy
        }
    }

    private Container container(String service) {
        String id = Docker.docker("ps", "-aq", "--filter", "label=com.docker.compose.project="
                + composeEnv.get("COMPOSE_PROJECT_NAME"), "--filter", "label=com.docker.compose.service=" + service);
        if (id.isEmpty() || id.contains("\n")) {
            throw new IllegalStateException("compose service " + service + ": expected one container, found '" + id + "'");
        }
        return new Container(service, id);
    }

    /** Until the broker answers on its host listener (after its start or restart). */
    private void awaitKafka() {
        Wait.until("Kafka on " + installation.bootstrap(), READY, () -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", installation.bootstrap(),
                    "request.timeout.ms", "3000", "default.api.timeout.ms", "5000"))) {
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
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
    public Part broker() {
        return kafka;
    }

    /** {@code docker restart} of the Kafka container: a clean stop, then the same container on its own data. */
    @Override
    public void restartBroker() {
        kafka.restart(GRACE);
        awaitKafka();
    }

    @Override
    public Part router() {
        return router;
    }

    @Override
    public void startRouter() {
        router.start();
        new PoolManagerHttp(routerPort).awaitReady(READY);
    }

    @Override
    public List<Container> poolManagers() {
        return List.of(poolManager);
    }

    /** The one pool manager container, started again as its restart policy or an operator would. */
    @Override
    public Part startPoolManager() {
        poolManager.start();
        new PoolManagerHttp(poolManagerPort).awaitReady(READY);
        return poolManager;
    }

    @Override
    public void killPoolManager(Part pm) throws InterruptedException {
        pm.kill();
    }

    @Override
    public Optional<Container> owner(String pool) {
        return Optional.of(poolManager);
    }

    /** Running bot containers of the pool, by the docker provisioner's labels. */
    @Override
    public Map<String, Part> bots() {
        Map<String, Part> bots = new HashMap<>();
        Docker.docker("ps", "--filter", MANAGED, "--filter", ourBots, "--format",
                "{{.Label \"warmpool.botId\"}} {{.ID}}").lines().map(l -> l.split(" "))
                .forEach(f -> bots.put(f[0], new Container(f[0], f[1])));
        return bots;
    }

    /**
     * Stops router and pool manager with {@code docker stop} (SIGTERM; the pool manager removes its bots),
     * counts the pool's bot containers still there, running or not, then {@code ./warmpool compose down}.
     */
    @Override
    public Stopped stop() throws Exception {
        List<String> crashed = new ArrayList<>();
        for (Container c : List.of(kafka, router, poolManager)) {
            if (c.crashed()) {
                crashed.add(c.name());
            }
        }
        List<String> hung = stopServices();
        for (Container c : List.of(kafka, router, poolManager)) {
            c.saveLog(dir.resolve(c.name() + ".log")); // with the services' own account of their stop
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!leftBots().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        int left = leftBots().size();
        down();
        return new Stopped(crashed, hung, left);
    }

    /** The services that did not stop within the grace of SIGTERM; the pool manager last, so none spawns anew. */
    private List<String> stopServices() {
        List<String> hung = new ArrayList<>();
        for (Container c : List.of(router, poolManager)) {
            if (c != null && !c.stop(GRACE)) {
                hung.add(c.name());
            }
        }
        return hung;
    }

    private List<String> leftBots() {
        return Docker.docker("ps", "-aq", "--filter", MANAGED, "--filter", ourBots).lines().toList();
    }

    /** Any bot container of the pool removed (counted by {@link #stop()} first), then the project down. */
    private void down() {
        List<String> left = leftBots();
        if (!left.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(left);
            Docker.docker(rm.toArray(String[]::new));
        }
        // The bots' network goes with the project once no bot is attached to it.
        try {
            compose("down", "-t", "10");
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("has active endpoints")) {
                throw e;
            }
            // Seen once with Docker 20.10: an endpoint left in the engine after every container on the
            // network was gone; the services and bots are removed, only the network stays until dockerd restarts.
            Progress.say("warning: the engine keeps an endpoint on %s with no container on it; the network is left"
                    + " behind (docker network rm works again after a dockerd restart)",
                    composeEnv.get("WARMPOOL_DOCKER_NETWORK"));
        }
        down = true;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (!down) {
                stopServices();
                down();
            }
        } finally {
            if (recorder != null) {
                recorder.close();
            }
        }
    }
}
