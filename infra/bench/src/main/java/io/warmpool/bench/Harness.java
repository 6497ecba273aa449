package io.warmpool.bench;

import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.LatencyPlot;
import io.warmpool.bench.report.Machine;
import io.warmpool.bench.report.Progress;
import io.warmpool.bench.report.Report;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.scenario.IdleSockets;
import io.warmpool.bench.scenario.KafkaFloor;
import io.warmpool.bench.scenario.ProcessPath;
import io.warmpool.bench.scenario.UsersPath;
import io.warmpool.bench.scenario.WarmPath;
import io.warmpool.bench.stack.BenchBroker;
import io.warmpool.bench.stack.ServiceJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run: one broker in a JVM of its own, the Kafka floor, the shape users run (services from their
 * jars, process bots), the in-JVM variant (scenarios 1 to 3), the process path (no-pool baseline,
 * 3b), the idle sockets (4); then the report and the plot. A scenario that fails
 * is noted and the run goes on, so that one failure does not cost the others' figures.
 */
public final class Harness {
    public static final String REPORT = "benchmarks-run.md";
    public static final String PLOT = "benchmarks-latency.png";
    private static final List<String> PLOTTED = List.of("kafka.hop", "users.first", "users.warm20", "users.warm50",
            "assigned.warm", "firstToken.router", "firstToken.direct", "assigned.cold", "replenish.pool");

    /** What a run produced, and whether every scenario ran to its end. */
    public record Run(Results results, List<String> failures) {
    }

    private interface Scenario {
        void run() throws Exception;
    }

    private Harness() {
    }

    /** The scenario groups, in the order a run takes them; {@code --only} picks some. */
    public static final List<String> SCENARIOS = List.of("floor", "users", "warm", "process", "idle");

    public static Run run(BenchOptions o, ServiceJars jars) throws Exception {
        return run(o, jars, SCENARIOS);
    }

    public static Run run(BenchOptions o, ServiceJars jars, List<String> only) throws Exception {
        String machine = Machine.describe();
        Progress.say("warmpool bench (%s), output in %s", o.quick() ? "quick" : "full", o.out().toAbsolutePath());
        Progress.say("machine: %s", machine);
        Files.createDirectories(o.out());
        Path work = Files.createTempDirectory("warmpool-bench");
        Results results = new Results();
        List<String> failures = new ArrayList<>();
        try (BenchBroker broker = BenchBroker.start(work)) {
            Map<String, Scenario> scenarios = Map.of(
                    "floor", () -> KafkaFloor.run(broker, o, results),
                    "users", () -> UsersPath.run(broker, jars, o, results, work.resolve("users")),
                    "warm", () -> WarmPath.run(broker, o, results),
                    "process", () -> ProcessPath.run(broker, o, results, work.resolve("bots")),
                    "idle", () -> IdleSockets.run(broker, o, results, work.resolve("router.log")));
            for (String name : SCENARIOS) {
                if (only.contains(name)) {
                    step(name, failures, scenarios.get(name));
                }
            }
        } finally {
            deleteTree(work);
        }
        failures.forEach(f -> results.note("FAILED: " + f));
        String command = "java -jar infra/bench/target/warmpool-bench.jar" + (o.quick() ? " --quick" : "")
                + (only.equals(SCENARIOS) ? "" : " --only " + String.join(",", only)) + " --out " + o.out();
        Report.write(results, machine, command, o.out().resolve(REPORT), PLOT);
        LatencyPlot.write(plotted(results), o.out().resolve(PLOT));
        Progress.say("done: %s and %s written%s", REPORT, PLOT, failures.isEmpty() ? "" : ", FAILED: " + failures);
        return new Run(results, List.copyOf(failures));
    }

    private static void step(String name, List<String> failures, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            Progress.say("%s FAILED: %s", name, e);
            e.printStackTrace(System.out);
            failures.add(name + ": " + e);
        }
    }

    /** The plotted distributions, with the highest step that held next to the warm ones. */
    private static List<Figure> plotted(Results r) {
        Stream<Figure> chosen = PLOTTED.stream().map(r::figure).flatMap(Optional::stream);
        Optional<Figure> sustained = r.number("users.sustainedPerSecond")
                .flatMap(rate -> r.figure("users.at" + rate.intValue()));
        return Stream.concat(chosen, sustained.stream()).toList();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
