package io.warmpool.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warmpool.router.it.ChatClient;
import io.warmpool.router.it.OpenAiHttp;
import io.warmpool.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone jar as a user runs it: a separate process, warmed, chatted through (WebSocket and
 * OpenAI-compatible HTTP at once), stopped with SIGTERM.
 */
@Timeout(300) // drives external processes: a hung one must not hang the build
class StandaloneIT {
    private static final Path JAR = Path.of("target/warmpool-standalone.jar");
    private static final Pattern ROUTER = Pattern.compile("router: http://localhost:(\\d+) ");

    @TempDir
    Path work;
    private Process stack;
    private Path log;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void cleanUp() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroyForcibly();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void warmsThreeBotsServesChatsAndCompletionsAndLeavesNoProcessBehind() throws Exception {
        assertThat(JAR).as("the shaded jar, built by 'mvn package'").exists();
        Path bots = work.resolve("bots");
        log = work.resolve("standalone.log");
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "--port", "0",
                "--kafka-port", Integer.toString(freePort()), "--temp", "--warmup-ms", "500")
                .redirectErrorStream(true)
                // A file, not a pipe: the JDK closes a process's pipe under a reader when it exits.
                .redirectOutput(log.toFile());
        builder.environment().put("WARMPOOL_BOT_DIR", bots.toString());
        builder.environment().put("WARMPOOL_HEARTBEAT_MS", "300");
        stack = builder.start();

        awaitLine(l -> l.equals("3/3 ready"), Duration.ofSeconds(150));
        int port = output().stream().map(ROUTER::matcher).filter(Matcher::find).findFirst()
                .map(m -> Integer.parseInt(m.group(1))).orElseThrow();
        List<Long> botPids = botPids(bots);
        assertThat(botPids).hasSize(3).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

        assertThat(ChatClient.greetAndEnd(vertx, port, "default")).startsWith("default-");
        aChatAndACompletionAtOnce(port);

        stack.destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertThat(stack.waitFor(90, TimeUnit.SECONDS)).as("the stack exits").isTrue();
        assertThat(stack.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
        awaitLine(l -> l.equals("warmpool stopped."), Duration.ofSeconds(5));
        for (long pid : botPids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("bot process " + pid).isEmpty();
        }
        assertThat(botProcessesIn(bots)).as("bot processes left, by command line").isEmpty();
    }

    /** A WebSocket chat and an OpenAI-style HTTP completion on the same pool, each with a bot of its own. */
    private void aChatAndACompletionAtOnce(int port) throws Exception {
        ChatClient chat = ChatClient.open(ChatClient.newClient(vertx), port, "/chat?pool=default");
        chat.expect("queued");
        String chatBot = chat.expect("assigned").getString("botId");
        CompletableFuture<HttpResponse<String>> completion = OpenAiHttp.postAsync(port,
                OpenAiHttp.completion("default", false, "I feel tired of my job."));

        assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
        HttpResponse<String> answered = completion.get(60, TimeUnit.SECONDS);
        assertThat(chat.isClosed()).as("the chat is still open").isFalse();
        chat.end();
        assertThat(chat.expect("ended").getString("reason")).isEqualTo("client_end");

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(new JsonObject(answered.body()).getJsonArray("choices").getJsonObject(0).getJsonObject("message")
                .getString("content")).isEqualTo("Why do you feel tired of your job?");
        assertThat(chatBot).startsWith("default-");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDockerEngineThatIsNotThereIsPrintedNotWaitedFor() throws Exception {
        assertThat(JAR).as("the shaded jar, built by 'mvn package'").exists();
        log = work.resolve("no-engine.log");
        Path socket = work.resolve("no-such-docker.sock");
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "--port", "0",
                "--kafka-port", Integer.toString(freePort()), "--temp", "--provisioner", "docker")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DOCKER_HOST", "unix://" + socket);
        stack = builder.start();

        awaitLine(l -> l.startsWith("pool manager cannot provision bots: engine unreachable")
                && l.contains(socket.toString()), Duration.ofSeconds(120));

        stack.destroy();
        assertThat(stack.waitFor(90, TimeUnit.SECONDS)).as("the stack exits").isTrue();
    }

    private List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private void awaitLine(java.util.function.Predicate<String> wanted, Duration timeout) {
        Await.until(() -> output().stream().anyMatch(wanted), timeout,
                () -> "expected line; output so far:\n" + String.join("\n", output()));
    }

    private static List<Long> botPids(Path bots) throws IOException {
        try (Stream<Path> files = Files.list(bots)) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("pid="))
                            .map(l -> Long.parseLong(l.substring(4))).findFirst().orElseThrow();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    /** Live processes whose command line carries a bot id of a bot that logged into this test's folder. */
    private static List<ProcessHandle> botProcessesIn(Path bots) throws IOException {
        List<String> ids;
        try (Stream<Path> files = Files.list(bots)) {
            ids = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4)).toList();
        }
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return ids.stream().anyMatch(id -> cmd.contains("-Dwarmpool.botId=" + id));
            } catch (IOException e) {
                return false;
            }
        }).toList();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
