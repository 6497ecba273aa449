import io.warmpool.bench.load.BotAddress;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.ProcessTable;
import io.warmpool.events.claim.ClaimKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a process bot's first sessions cost it, against what its later ones do:
 * {@code java -cp infra/bench/target/warmpool-bench.jar infra/bench/probe/FirstSession.java BOTS SESSIONS "OPTS" [end]}.
 * Starts BOTS bots one after the other (JVM options OPTS, the environment passed on, so
 * {@code WARMPOOL_BOT_REHEARSALS=N} sets their rehearsals), each against an embedded broker; once a bot
 * answers ready, holds SESSIONS chats straight to it with a claim, one after the other, and reports
 * the bot's CPU up to ready, and per session the claim handshake, the first token and the bot's CPU
 * (from /proc/PID/stat, 10 ms ticks, 100 ms of idle after each chat included). The first bot also
 * warms this JVM's client up: read the others. With {@code end}, each session ends as soon as it is
 * claimed, as the benchmark's sessions do (no message, no token).
 */
public class FirstSession {
    public static void main(String[] args) throws Exception {
        int bots = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        List<String> opts = Arrays.asList(args[2].trim().split("\\s+"));
        ChatSession.Script script = args.length > 3 && args[3].equals("end")
                ? ChatSession.Script.END_AT_ONCE : ChatSession.Script.ONE_MESSAGE;
        Path jar = Path.of("bot-worker/target/warmpool-bot-worker.jar").toAbsolutePath();
        String secret = "a-probe-claim-key-0123456789";
        try (BenchBroker broker = BenchBroker.start(Files.createTempDirectory("firstsession"));
             Clients clients = new Clients()) {
            for (int b = 1; b <= bots; b++) {
                int port = BenchBroker.freePort();
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                cmd.addAll(opts);
                cmd.addAll(List.of("-jar", jar.toString()));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/tmp/firstsession-bot.log").toFile()));
                pb.environment().putAll(Map.of("WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrap(),
                        "WARMPOOL_TOPIC_PREFIX", "first.", "WARMPOOL_CLAIM_KEY", secret, "WARMPOOL_BOT_ID", "first-" + b,
                        "WARMPOOL_POOL", "first", "WARMPOOL_BOT_WARMUP_MS", "1000", "WARMPOOL_BOT_HOST", "127.0.0.1",
                        "WARMPOOL_BOT_REUSE", "true", "WARMPOOL_BOT_PORT", Integer.toString(port)));
                long t0 = System.nanoTime();
                Process bot = pb.start();
                awaitReady(port, bot);
                StringBuilder line = new StringBuilder(String.format("bot %d%s: ready after %d ms, %d ms CPU;",
                        b, b == 1 ? " (warms the client)" : "", (System.nanoTime() - t0) / 1_000_000, ProcessTable.cpuTicks(bot.pid()) * 10));
                Thread.sleep(3_000); // past the warm-up's last heartbeat
                BotAddress address = new BotAddress("first-" + b, port);
                for (int i = 1; i <= sessions; i++) {
                    long c0 = ProcessTable.cpuTicks(bot.pid());
                    SessionResult r = ChatSession.direct(clients.vertx, clients.ws, address, ClaimKey.of(secret),
                            script, System.nanoTime(), 10_000).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                    Thread.sleep(100); // the bot publishes session.ended and its READY heartbeat
                    line.append(String.format(" #%d %s claim %.1f ms, token %.1f ms, %d ms CPU;", i,
                            r.completed() ? "" : r.outcome(), r.toAssigned() / 1e6, r.toFirstToken() / 1e6,
                            (ProcessTable.cpuTicks(bot.pid()) - c0) * 10));
                }
                System.out.println(line);
                bot.destroy();
                bot.waitFor();
            }
        }
    }

    private static void awaitReady(int port, Process bot) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
        while (bot.isAlive()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("bot exited with " + bot.exitValue());
    }
}
