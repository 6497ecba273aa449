package io.warmpool.faults.report;

import io.warmpool.bench.report.Machine;
import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.scenario.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes a run's tallies as Markdown: machine, command, one table of scenarios with targets and verdicts, notes. */
public final class ReliabilityReport {
    private ReliabilityReport() {
    }

    public static void write(List<Tally> tallies, List<String> failures, String machine, String command,
                             FaultOptions o, Path markdown) throws IOException {
        StringBuilder md = new StringBuilder("# warmpool fault run\n\n");
        md.append("- machine: ").append(machine).append('\n');
        md.append("- load average at the end: ").append(Machine.loadAverage()).append('\n');
        md.append("- command: `").append(command).append("`\n");
        md.append(String.format("- load: %.0f short sessions/s (open model, end at once when assigned, bots reused) "
                        + "+ %d long chats (a message every %d s); pool min=%d max=%d, bot warm-up %d ms; router "
                        + "deadline %d s, clients wait %d s%n%n", o.rate(), o.longChats(), o.chatEvery().toSeconds(),
                o.minReady(), o.maxBots(), o.warmupMs(), o.deadline().toSeconds(), o.clientTimeout().toSeconds()));
        md.append("| scenario | offered | assigned | rejected | closed / refused | no outcome (target 0) "
                + "| chats alive / ended by system (target 0) | double-served beats / clients (target 0) "
                + "| serving again ms (target) | minReady READY ms | DLQ | bots left (target 0) "
                + "| crashed (target 0) | verdict |\n");
        md.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Tally t : tallies) {
            md.append(String.format("| %s | %d | %d | %s | %d / %d | %d | %d / %d%s | %d / %d | %s (%d) | %s | %d "
                            + "| %d | %s | %s |%n",
                    t.scenario(), t.offered(), t.assigned(), t.rejected().isEmpty() ? "0" : t.rejected().entrySet()
                            .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                    t.closedUnanswered(), t.refused(), t.noOutcome(), t.chatsAlive(), t.chatsEndedBySystem(),
                    t.chatsExcused() > 0 ? " (+" + t.chatsExcused() + " expected)" : "", t.doubleByBeats(),
                    t.doubleByClients(), ms(t.toAssignedMs()), t.recoveryBound(), ms(t.toMinReadyMs()), t.dlq(),
                    t.botsLeft(), t.crashed().isEmpty() ? "0" : String.join(", ", t.crashed()),
                    t.misses().isEmpty() ? "met" : "**MISSED**: " + String.join("; ", t.misses())));
        }
        md.append("\n## Per scenario\n\n");
        for (Tally t : tallies) {
            md.append("### ").append(t.scenario()).append(": ").append(t.fault()).append("\n\n");
            md.append("- load average after it: ").append(t.loadAverage()).append('\n');
            t.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            for (Check c : t.checks()) {
                md.append(String.format("- %s: %s (target %s): %s%n", c.what(), c.value(), c.target(),
                        c.met() ? "met" : "MISSED"));
            }
            if (t.stuck() > 0) {
                md.append("- sessions assigned but not over within the client's wait: ").append(t.stuck()).append('\n');
            }
            t.chatEnds().forEach(e -> md.append("- long chat ended: ").append(e).append('\n'));
            if (!t.hung().isEmpty()) {
                md.append("- did not stop within 60 s of SIGTERM: ").append(t.hung()).append('\n');
            }
            md.append('\n');
        }
        if (!failures.isEmpty()) {
            md.append("## Scenarios that could not run\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        Files.writeString(markdown, md.toString());
    }

    private static String ms(long v) {
        return v < 0 ? "never" : Long.toString(v);
    }
}
