package io.warmpool.faults;

import io.warmpool.bench.report.Machine;
import io.warmpool.bench.report.Progress;
import io.warmpool.faults.load.Load;
import io.warmpool.faults.report.ReliabilityReport;
import io.warmpool.faults.report.Tally;
import io.warmpool.faults.scenario.BotKills;
import io.warmpool.faults.scenario.BrokerRestart;
import io.warmpool.faults.scenario.Check;
import io.warmpool.faults.scenario.Context;
import io.warmpool.faults.scenario.Fault;
import io.warmpool.faults.scenario.ForgedClaims;
import io.warmpool.faults.scenario.MalformedInput;
import io.warmpool.faults.scenario.OnCompose;
import io.warmpool.faults.scenario.Pause;
import io.warmpool.faults.scenario.PoolManagerKills;
import io.warmpool.faults.scenario.RouterKill;
import io.warmpool.faults.scenario.Scenario;
import io.warmpool.faults.scenario.TwoPoolManagers;
import io.warmpool.faults.scenario.WebSocketAbuse;
import io.warmpool.bench.stack.Broker;
import io.warmpool.faults.stack.FaultStack;
import io.warmpool.faults.stack.Stack;
import io.warmpool.faults.stack.docker.ComposeStack;
import io.warmpool.faults.stack.docker.Docker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run: one broker process for the run, then for each scenario a fresh installation (its own
 * topics, pool manager(s), router and bots; for a {@code docker-*} scenario a compose project of its
 * own) under load, the fault, the figures, the stack stopped and the bots left counted. A scenario
 * that fails to run is noted and the run goes on.
 */
public final class Suite {
    /** Measured on this machine under load (2 cores, load average 5 to 10): a stack up, its chats assigned, down. */
    private static final Duration PROCESSES_UP_DOWN = Duration.ofSeconds(35);
    private static final Duration COMPOSE_UP_DOWN = Duration.ofSeconds(70);

    /** What a run produced: a tally per scenario that ran, and the scenarios that could not run. */
    public record Run(List<Tally> tallies, List<String> failures) {
    }

    private Suite() {
    }

    /** Every scenario of a run of these options, in order: the processes' first, then the compose stack's. */
    public static List<Scenario> scenarios(FaultOptions o) {
        List<Scenario> all = new ArrayList<>();
        for (String target : List.of("broker", "pool-manager")) {
            o.pauses().forEach(p -> all.add(new Pause(target, p)));
        }
        all.add(new PoolManagerKills(o.kills(), o.after()));
        all.add(new TwoPoolManagers());
        all.add(new RouterKill());
        all.add(new BotKills());
        all.add(new BrokerRestart());
        all.add(new MalformedInput());
        all.add(new WebSocketAbuse());
        all.add(new ForgedClaims());
        // The faults that differ for containers: a pause is the cgroup freezer, a kill and restart the engine's.
        Duration pause = o.pauses().get(0);
        for (Scenario s : List.of(new Pause("pool-manager", pause), new Pause("broker", pause),
                new PoolManagerKills(o.kills(), o.after()), new RouterKill(), new BotKills(), new BrokerRestart())) {
            all.add(new OnCompose(s));
        }
        return all;
    }

    /**
     * {@code only} holds names or name prefixes ({@code 1}, {@code 1-broker}, {@code 6-malformed},
     * {@code docker}, {@code docker-4}); empty = every process scenario, and the compose stack's with
     * {@code --docker}.
     */
    public static List<Scenario> select(FaultOptions o, List<String> only) {
        return scenarios(o).stream().filter(s -> only.isEmpty() ? !s.onCompose() || o.docker() : only.stream()
                .anyMatch(n -> s.name().equals(n) || s.name().startsWith(n + "-"))).toList();
    }

    public static Run run(FaultOptions o, List<String> only, boolean keepLogs, String command) throws Exception {
        Progress.tool("faults");
        String machine = Machine.describe();
        List<Scenario> chosen = select(o, only);
        List<String> failures = new ArrayList<>();
        List<String> remarks = new ArrayList<>();
        if (chosen.stream().anyMatch(Scenario::onCompose)) {
            Optional<String> why = Docker.unavailable();
            if (why.isPresent()) {
                List<String> names = chosen.stream().filter(Scenario::onCompose).map(Scenario::name).toList();
                chosen = chosen.stream().filter(s -> !s.onCompose()).toList();
                String line = "the Docker scenarios " + names + " did not run: " + why.get();
                if (Docker.required()) {
                    failures.add(line + ", and " + Docker.REQUIRE_ENV + "=1 requires an engine");
                } else {
                    remarks.add(line);
                }
                Progress.say("%s%s", Docker.required() ? "FAILED: " : "SKIPPED: ", line);
            }
        }
        Duration expected = chosen.stream().map(s -> expected(s, o)).reduce(Duration.ZERO, Duration::plus);
        Progress.say("warmpool faults (%s), %d scenarios, expected to take about %d min; service jars from %s, "
                        + "output in %s", o.quick() ? "quick" : "full", chosen.size(), expected.toMinutes() + 1,
                o.repo().toAbsolutePath().normalize(), o.out().toAbsolutePath());
        Progress.say("machine: %s", machine);
        Files.createDirectories(o.out());
        Path work = Files.createTempDirectory("warmpool-faults");
        List<Tally> tallies = new ArrayList<>();
        ReliabilityReport report = new ReliabilityReport(machine, command, o,
                chosen.stream().map(Scenario::name).toList(), remarks);
        long began = System.nanoTime();
        // One broker process for the process scenarios; the compose stack brings its own Kafka.
        Broker broker = chosen.stream().allMatch(Scenario::onCompose) ? null : Broker.start(work);
        try {
            for (int i = 0; i < chosen.size(); i++) {
                Scenario s = chosen.get(i);
                Duration left = chosen.subList(i, chosen.size()).stream().map(x -> expected(x, o))
                        .reduce(Duration.ZERO, Duration::plus);
                Progress.say("[%d/%d] %s: %s (%d min in, about %d min to go)", i + 1, chosen.size(), s.name(),
                        s.fault(), Duration.ofNanos(System.nanoTime() - began).toMinutes(), left.toMinutes() + 1);
                try {
                    Tally t = runOne(s, broker, o, work);
                    tallies.add(t);
                    List<String> misses = t.misses();
                    Progress.say("[%d/%d] %s: %d offered, %d assigned, %d without outcome; %s", i + 1, chosen.size(),
                            s.name(), t.offered(), t.assigned(), t.noOutcome(),
                            misses.isEmpty() ? "every target met" : "MISSED " + misses);
                    // Written after each scenario: a run cut short still leaves the scenarios it finished.
                    report.write(tallies, failures);
                } catch (Exception | AssertionError e) {
                    Progress.say("%s FAILED to run: %s", s.name(), e);
                    e.printStackTrace(System.out);
                    failures.add(s.name() + ": " + e);
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            Progress.say("service logs of this run: %s", work);
        }
        report.write(tallies, failures);
        Progress.say("done in %d min: %s%s", Duration.ofNanos(System.nanoTime() - began).toMinutes(),
                report.written(), failures.isEmpty() ? "" : ", FAILED: " + failures);
        deleteTree(work, !keepLogs && failures.isEmpty() && tallies.stream().allMatch(t -> t.misses().isEmpty()));
        return new Run(tallies, failures);
    }

    /** A scenario's expected time: its stack up and down, the load before and after, the fault. */
    static Duration expected(Scenario s, FaultOptions o) {
        Duration stack = s.onCompose() ? COMPOSE_UP_DOWN : PROCESSES_UP_DOWN.multipliedBy(s.poolManagers());
        return stack.plus(o.before()).plus(o.after()).plus(s.length(o));
    }

    private static Tally runOne(Scenario s, Broker broker, FaultOptions o, Path work) throws Exception {
        try (Stack stack = s.onCompose() ? ComposeStack.start(o, work, s.name())
                : FaultStack.start(broker, o, work, s.name(), s.poolManagers());
             Load load = Load.start(stack, o)) {
            Context c = new Context(stack, load, o);
            Scenario.sleep(o.before());
            Fault fault = s.inject(c);
            Scenario.sleep(o.after());
            Load.Seen seen = load.stop();
            List<Check> checks = s.checks(c);
            Stack.Stopped stopped = stack.stop();
            return Tally.of(s.name(), s.fault(), fault, seen, stack.recorder(), stopped, o.minReady(), checks,
                    Machine.loadAverage());
        }
    }

    /** The logs are kept when something was missed, for the one who reads the report, or when asked ({@code --keep-logs}). */
    private static void deleteTree(Path root, boolean clean) throws IOException {
        if (!clean) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
