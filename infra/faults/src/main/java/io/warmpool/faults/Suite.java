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
import io.warmpool.faults.scenario.Pause;
import io.warmpool.faults.scenario.PoolManagerKills;
import io.warmpool.faults.scenario.RouterKill;
import io.warmpool.faults.scenario.Scenario;
import io.warmpool.faults.scenario.TwoPoolManagers;
import io.warmpool.faults.scenario.WebSocketAbuse;
import io.warmpool.bench.stack.Broker;
import io.warmpool.faults.stack.FaultStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run: one broker process for the run, then for each scenario a fresh installation (its own
 * topics, pool manager(s), router and bots) under load, the fault, the figures, the stack stopped
 * and the process table read. A scenario that fails to run is noted and the run goes on.
 */
public final class Suite {
    public static final String REPORT = "reliability-run.md";

    /** What a run produced: a tally per scenario that ran, and the scenarios that could not run. */
    public record Run(List<Tally> tallies, List<String> failures) {
    }

    private Suite() {
    }

    /** Every scenario of a run of these options, in order. */
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
        return all;
    }

    /** {@code only} holds names or name prefixes ({@code 1}, {@code 1-broker}, {@code 6-malformed}); empty = all. */
    public static List<Scenario> select(List<Scenario> all, List<String> only) {
        return all.stream().filter(s -> only.isEmpty() || only.stream()
                .anyMatch(o -> s.name().equals(o) || s.name().startsWith(o + "-"))).toList();
    }

    public static Run run(FaultOptions o, List<String> only, String command) throws Exception {
        Progress.tool("faults");
        String machine = Machine.describe();
        List<Scenario> chosen = select(scenarios(o), only);
        Progress.say("warmpool faults (%s), %d scenarios, service jars from %s, output in %s",
                o.quick() ? "quick" : "full", chosen.size(), o.repo().toAbsolutePath().normalize(),
                o.out().toAbsolutePath());
        Progress.say("machine: %s", machine);
        Files.createDirectories(o.out());
        Path work = Files.createTempDirectory("warmpool-faults");
        List<Tally> tallies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Broker broker = Broker.start(work)) {
            for (Scenario s : chosen) {
                try {
                    Tally t = runOne(s, broker, o, work);
                    tallies.add(t);
                    List<String> misses = t.misses();
                    Progress.say("%s: %d offered, %d assigned, %d without outcome; %s", s.name(), t.offered(),
                            t.assigned(), t.noOutcome(), misses.isEmpty() ? "every target met" : "MISSED " + misses);
                    // Written after each scenario: a run cut short still leaves the scenarios it finished.
                    ReliabilityReport.write(tallies, failures, machine, command, o, o.out().resolve(REPORT));
                } catch (Exception | AssertionError e) {
                    Progress.say("%s FAILED to run: %s", s.name(), e);
                    e.printStackTrace(System.out);
                    failures.add(s.name() + ": " + e);
                }
            }
        } finally {
            Progress.say("service logs of this run: %s", work);
        }
        ReliabilityReport.write(tallies, failures, machine, command, o, o.out().resolve(REPORT));
        Progress.say("done: %s written%s", o.out().resolve(REPORT), failures.isEmpty() ? "" : ", FAILED: " + failures);
        deleteTree(work, failures.isEmpty() && tallies.stream().allMatch(t -> t.misses().isEmpty()));
        return new Run(tallies, failures);
    }

    private static Tally runOne(Scenario s, Broker broker, FaultOptions o, Path work) throws Exception {
        Progress.say("%s: %s", s.name(), s.fault());
        try (FaultStack stack = FaultStack.start(broker, o, work, s.name(), s.poolManagers());
             Load load = Load.start(stack, o)) {
            Context c = new Context(stack, load, o);
            Scenario.sleep(o.before());
            Fault fault = s.inject(c);
            Scenario.sleep(o.after());
            Load.Seen seen = load.stop();
            List<Check> checks = s.checks(c);
            FaultStack.Stopped stopped = stack.stop();
            return Tally.of(s.name(), s.fault(), fault, seen, stack.recorder(), stopped, o.minReady(), checks,
                    Machine.loadAverage());
        }
    }

    /** The logs are kept when something was missed, for the one who reads the report. */
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
