package io.warmpool.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warmpool.router.it.ChatClient;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.DockerEngine;
import io.warmpool.testkit.RequiresDocker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compose stack as the README runs it, offline: images built from this tree ({@code ./warmpool
 * images --offline}), {@code ./warmpool compose up} with no Kafka image or socket group given (it
 * finds both), a chat through the router, a bot container killed and replaced, {@code ./warmpool
 * compose down} leaving no managed container.
 */
@RequiresDocker
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ComposeStackIT {
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final String PROJECT = "warmpoolit";
    private static final String WARMPOOL = REPO.resolve("warmpool").toString();
    // Only this test's bots: other stacks may run on the same engine (the fault suite, a user's).
    private static final String OURS = "warmpool.installation=" + PROJECT;
    /**
     * One client for every poll: it keeps one connection alive. A client per poll left hundreds of
     * idle connections open through the engine's port proxy, which ran out of file descriptors
     * (1,024 under a plain shell's limit) and then dropped new connections, the chat's included.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int routerPort;
    private static int kafkaPort;
    private static Path logs;

    @BeforeAll
    static void buildImagesAndStartTheStack() throws Exception {
        logs = Files.createDirectories(Path.of("target/compose-it"));
        run(Duration.ofMinutes(10), Map.of(), WARMPOOL, "images", "--offline");
        routerPort = freePort();
        kafkaPort = freePort();
        String up = run(Duration.ofMinutes(3), composeEnv(), WARMPOOL, "compose", "up");
        assertThat(up).contains("Kafka image warmpool/kafka:4.1.1",
                "Docker socket group " + Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
    }

    @AfterAll
    static void downAndCleanUp() throws Exception {
        // What the services said, kept for a failed run.
        serviceLogs("all");
        run(Duration.ofMinutes(3), composeEnv(), WARMPOOL, "compose", "down", "--remove-orphans");
    }

    /** Only what a user may choose (ports, pools, project and network names); nothing the stack needs to work. */
    private static Map<String, String> composeEnv() {
        return Map.of("COMPOSE_PROJECT_NAME", PROJECT,
                "WARMPOOL_DOCKER_NETWORK", PROJECT + "-bots",
                "WARMPOOL_INSTALLATION", PROJECT,
                "WARMPOOL_PORT", Integer.toString(routerPort),
                "KAFKA_HOST_PORT", Integer.toString(kafkaPort),
                "WARMPOOL_POOLS", "default:min=3,max=6");
    }

    @Test
    void chatsThroughTheRouterReplacesAKilledBotAndDownLeavesNoBot() throws Exception {
        DockerClient docker = DockerEngine.client();
        Await.until(() -> readyBots() >= 3, Duration.ofMinutes(3),
                () -> "three READY bots expected; /api/pools says " + apiPools() + "\n" + serviceLogs("25"));

        String served;
        try {
            Vertx vertx = Vertx.vertx();
            try {
                served = ChatClient.greetAndEnd(vertx, routerPort, "default");
                assertThat(served).startsWith("default-");
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError("a chat through the router failed; the services' last lines:\n" + serviceLogs("25"), e);
        }

        // Not the bot that served: it retires after its session (the pool's default), and may be gone by the kill.
        Container victim = runningBots(docker).stream()
                .filter(c -> c.getLabels() == null || !served.equals(c.getLabels().get("warmpool.botId")))
                .findFirst().orElseThrow(() -> new AssertionError("no running bot but the one that served: "
                        + names(allBots(docker))));
        docker.killContainerCmd(victim.getId()).exec();
        Await.until(() -> {
            List<Container> running = runningBots(docker);
            boolean replaced = running.size() >= 3 && running.stream().noneMatch(c -> c.getId().equals(victim.getId()));
            boolean reaped = allBots(docker).stream().noneMatch(c -> c.getId().equals(victim.getId()));
            return replaced && reaped;
        }, Duration.ofMinutes(2), () -> "the killed bot should be removed and replaced; bots now: " + names(allBots(docker)));

        run(Duration.ofMinutes(3), composeEnv(), WARMPOOL, "compose", "down", "--remove-orphans");
        assertThat(allBots(docker)).as("managed containers after docker-compose down").isEmpty();
    }

    private static int readyBots() {
        try {
            Object body = new io.vertx.core.json.JsonArray(apiPools()).stream()
                    .map(JsonObject.class::cast)
                    .filter(p -> "default".equals(p.getString("pool")))
                    .findFirst().map(p -> p.getJsonObject("snapshot").getInteger("ready")).orElse(0);
            return (Integer) body;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String apiPools() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + routerPort + "/api/pools")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    private static List<Container> allBots(DockerClient docker) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OURS)).exec();
    }

    private static List<Container> runningBots(DockerClient docker) {
        return docker.listContainersCmd().withLabelFilter(List.of(OURS)).exec();
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().map(c -> String.join(",", c.getNames()) + " " + c.getState()).toList();
    }

    /** The router's and the pool manager's last lines ({@code "all"} for everything), for a failure message. */
    private static String serviceLogs(String tail) {
        try {
            return run(Duration.ofMinutes(1), composeEnv(), WARMPOOL, "compose", "logs", "--no-color",
                    "--tail=" + tail, "router", "pool-manager");
        } catch (Exception | AssertionError e) {
            return "(no service logs: " + e.getMessage() + ")";
        }
    }

    private static String run(Duration timeout, Map<String, String> env, String... command) throws Exception {
        Path log = logs.resolve(Path.of(command[0]).getFileName() + "-" + command[1].replaceAll("\\W", "_") + "-"
                + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String output = Files.readString(log);
        assertThat(done).as(String.join(" ", command) + " within " + timeout + ":\n" + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
