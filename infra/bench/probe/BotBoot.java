import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.ProcessTable;
import io.warmpool.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A process bot's own start and its idle cost, measured as the process provisioner starts bots:
 * {@code java -cp infra/bench/target/warmpool-bench.jar infra/bench/probe/BotBoot.java RUNS IDLE_S "OPTS" "OPTS"...}.
 * For each set of JVM options, boots RUNS bots one after the other (the sets interleaved) against
 * an embedded broker and reports the time from the process start to its first heartbeat read back
 * and the CPU taken by then, by thread too (each bot is stopped once heard); then per set starts one
 * more, lets it idle IDLE_S seconds after its warm-up, and reports its CPU (% of one core, from
 * /proc/PID/stat) and PSS (/proc/PID/smaps_rollup), from 10 s after its start ({@code -Dsettle=S}
 * for later); {@code -DidleBots=N} idles N bots at once, the CPU their mean, the PSS each one's share
 * of the pages they map together.
 * The bot runs from bot-worker's runnable jar.
 */
public class BotBoot {
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int idleSeconds = Integer.parseInt(args[1]);
        List<List<String>> variants = Arrays.stream(args).skip(2).map(o -> Arrays.asList(o.trim().split("\\s+"))).toList();
        Path jar = Path.of("bot-worker/target/warmpool-bot-worker.jar").toAbsolutePath();
        try (BenchBroker broker = BenchBroker.start(Files.createTempDirectory("botboot"))) {
            Topics topics = broker.topics("boot.");
            List<List<Long>> boots = new ArrayList<>();
            List<List<Ticks>> bootTicks = new ArrayList<>();
            variants.forEach(v -> {
                boots.add(new ArrayList<>());
                bootTicks.add(new ArrayList<>());
            });
            try (KafkaConsumer<byte[], byte[]> heartbeats = consumer(broker.bootstrap())) {
                heartbeats.subscribe(List.of(topics.of(io.warmpool.events.EventType.BOT_HEARTBEAT)));
                heartbeats.poll(Duration.ofSeconds(2));
                for (int i = 0; i < runs; i++) {
                    for (int v = 0; v < variants.size(); v++) { // interleaved: each variant sees the same load
                        String botId = "boot-" + v + "-" + i;
                        long t0 = System.nanoTime();
                        Process bot = start(jar, variants.get(v), broker.bootstrap(), botId);
                        while (!heard(heartbeats, botId)) { // not the previous bot's last words
                            if (!bot.isAlive()) {
                                throw new IllegalStateException("bot exited with " + bot.exitValue());
                            }
                        }
                        boots.get(v).add((System.nanoTime() - t0) / 1_000_000);
                        bootTicks.get(v).add(Ticks.of(List.of(bot)));
                        bot.destroy(); // SIGTERM: the bot drains and exits
                        bot.waitFor();
                    }
                }
            }
            for (int v = 0; v < variants.size(); v++) {
                List<Long> sorted = boots.get(v).stream().sorted().toList();
                System.out.printf("%s%n  boot to first heartbeat, ms: %s; median %d%n", variants.get(v), boots.get(v),
                        sorted.get(sorted.size() / 2));
                printBootCpu(bootTicks.get(v));
                if (idleSeconds > 0) {
                    idle(jar, variants.get(v), broker.bootstrap(), idleSeconds);
                }
            }
        }
    }

    private static void idle(Path jar, List<String> jvmOpts, String bootstrap, int idleSeconds) throws Exception {
        int count = Integer.getInteger("idleBots", 1);
        List<Process> idle = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            idle.add(start(jar, jvmOpts, bootstrap, "idle-" + i));
        }
        // Past its warm-up and first second of JIT; -Dsettle=S waits longer, for the steady state after the JIT.
        Thread.sleep(Long.getLong("settle", 10) * 1_000L);
        Ticks before = Ticks.of(idle);
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Ticks after = Ticks.of(idle);
        Map<String, Long> threads = new java.util.TreeMap<>(after.byThread());
        threads.replaceAll((name, ticks) -> ticks - before.byThread().getOrDefault(name, 0L));
        System.out.printf("  idle CPU ticks by thread, %d bot(s): %s%n", count, threads.entrySet().stream()
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList());
        double percent = (after.total() - before.total()) / 100.0 / seconds * 100 / count; // USER_HZ = 100
        System.out.printf("  idle bot over %.0f s, mean of %d: %.2f %% of a core%n", seconds, count, percent);
        // PSS shares a page among the processes that map it (the CDS archive, the JDK's libraries): with
        // several bots up, each one's PSS is what one more bot costs the machine.
        for (Process p : idle) {
            System.out.printf("  bot %d: %s, threads %d%n", p.pid(), memory(p.pid()),
                    Files.list(Path.of("/proc", Long.toString(p.pid()), "task")).count());
        }
        for (Process p : idle) {
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * A boot's CPU up to its first heartbeat: the median total, and per thread name the median of
     * its ticks (a thread that exited before the reading counts in the total only).
     */
    private static void printBootCpu(List<Ticks> boots) {
        List<Long> totals = boots.stream().map(Ticks::total).sorted().toList();
        Map<String, List<Long>> byThread = new java.util.TreeMap<>();
        boots.forEach(b -> b.byThread().forEach((name, t) -> byThread.computeIfAbsent(name, n -> new ArrayList<>()).add(t)));
        String threads = byThread.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), median(e.getValue(), boots.size())))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue() * 10).reduce((a, b) -> a + ", " + b).orElse("");
        System.out.printf("  CPU to first heartbeat, ms: median %d (%s); by thread, median ms: %s%n",
                median(totals, totals.size()) * 10, totals.stream().map(t -> Long.toString(t * 10)).toList(), threads);
    }

    /** The median of values seen in some of {@code runs} runs, a run without the value counting 0. */
    private static long median(List<Long> values, int runs) {
        List<Long> all = new ArrayList<>(values);
        while (all.size() < runs) {
            all.add(0L);
        }
        all.sort(null);
        return all.get(all.size() / 2);
    }

    /** The CPU ticks of some processes: their sum, and per thread name summed over them. */
    private record Ticks(long total, Map<String, Long> byThread) {
        static Ticks of(List<Process> processes) throws Exception {
            long total = 0;
            Map<String, Long> byThread = new java.util.TreeMap<>();
            for (Process p : processes) {
                total += ProcessTable.cpuTicks(p.pid());
                threadTicks(p.pid()).forEach((name, ticks) -> byThread.merge(name, ticks, Long::sum));
            }
            return new Ticks(total, byThread);
        }
    }

    private static Process start(Path jar, List<String> jvmOpts, String bootstrap, String botId) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOpts);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/tmp/botboot-" + botId + ".log").toFile()));
        pb.environment().putAll(Map.of("WARMPOOL_KAFKA_BOOTSTRAP", bootstrap, "WARMPOOL_TOPIC_PREFIX", "boot.",
                "WARMPOOL_CLAIM_KEY", "a-probe-claim-key-0123456789", "WARMPOOL_BOT_ID", botId,
                "WARMPOOL_POOL", "boot", "WARMPOOL_BOT_WARMUP_MS", "1000", "WARMPOOL_BOT_HOST", "127.0.0.1"));
        return pb.start();
    }

    private static boolean heard(KafkaConsumer<byte[], byte[]> heartbeats, String botId) {
        String quoted = "\"" + botId + "\"";
        for (var r : heartbeats.poll(Duration.ofMillis(5))) {
            if (new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(quoted)) {
                return true;
            }
        }
        return false;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "botboot-" + System.nanoTime());
        p.put("auto.offset.reset", "latest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** CPU ticks per thread name (threads of one name summed), from /proc/PID/task/TID/stat. */
    private static Map<String, Long> threadTicks(long pid) throws Exception {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).trim();
                ticks.merge(name, ProcessTable.cpuTicks(task.resolve("stat")), Long::sum);
            }
        }
        return ticks;
    }

    private static String memory(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup")).stream()
                .filter(l -> l.startsWith("Pss:") || l.startsWith("Rss:"))
                .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("?");
    }
}
