package io.warmpool.faults.report;

import io.warmpool.bench.report.Machine;
import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.scenario.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a run into {@code --out}: {@value #RUN} (the table and each scenario's notes) and the
 * generated part of {@value #PAGE}, between its {@value #BEGIN} and {@value #END} markers (the
 * machine, the commands, the table with targets and verdicts, how each figure is counted), so that
 * a new run replaces the figures and nothing else on the page. A page without the markers gets
 * the generated part appended.
 */
public final class ReliabilityReport {
    public static final String RUN = "reliability-run.md";
    public static final String PAGE = "RELIABILITY.md";
    static final String BEGIN = "<!-- faults:results:begin (written by the fault suite; edits here are lost) -->";
    static final String END = "<!-- faults:results:end -->";

    private final String machine;
    private final String command;
    private final FaultOptions o;
    private final List<String> remarks;
    private final Instant began = Instant.now();

    /** @param remarks what the run could not do and why (scenarios skipped), said on both pages */
    public ReliabilityReport(String machine, String command, FaultOptions o, List<String> remarks) {
        this.machine = machine;
        this.command = command;
        this.o = o;
        this.remarks = List.copyOf(remarks);
    }

    /** The files a {@link #write} writes. */
    public List<Path> written() {
        return List.of(o.out().resolve(PAGE), o.out().resolve(RUN));
    }

    public void write(List<Tally> tallies, List<String> failures) throws IOException {
        StringBuilder run = new StringBuilder("# warmpool fault run\n\n").append(header());
        run.append(table(tallies)).append("\n## Per scenario\n\n");
        for (Tally t : tallies) {
            run.append("### ").append(t.scenario()).append(": ").append(t.fault()).append("\n\n");
            run.append("- load average after it: ").append(t.loadAverage()).append('\n');
            t.notes().forEach(n -> run.append("- ").append(n).append('\n'));
            for (Check c : t.checks()) {
                run.append(String.format("- %s: %s (target %s): %s%n", c.what(), c.value(), c.target(),
                        c.met() ? "met" : "MISSED"));
            }
            if (t.stuck() > 0) {
                run.append("- sessions assigned but not over within the client's wait: ").append(t.stuck())
                        .append('\n');
            }
            t.chatEnds().forEach(e -> run.append("- long chat ended: ").append(e).append('\n'));
            if (!t.hung().isEmpty()) {
                run.append("- did not stop within 60 s of SIGTERM: ").append(t.hung()).append('\n');
            }
            run.append('\n');
        }
        run.append(notRun(failures));
        Files.writeString(o.out().resolve(RUN), run.toString());
        writePage(tallies, failures);
    }

    private void writePage(List<Tally> tallies, List<String> failures) throws IOException {
        String generated = BEGIN + "\n\n## Results\n\n" + header() + table(tallies) + "\nEach scenario's notes (what the"
                + " fault did, how each ended chat ended, the answers to each abusive client and claim) are in ["
                + RUN + "](" + RUN + ").\n\n" + notRun(failures) + counting() + "\n" + END;
        Path page = o.out().resolve(PAGE);
        String old = Files.exists(page) ? Files.readString(page) : "# Reliability: faults injected under load\n";
        int begin = old.indexOf(BEGIN);
        int end = old.indexOf(END);
        String text = begin >= 0 && end > begin
                ? old.substring(0, begin) + generated + old.substring(end + END.length())
                : old.stripTrailing() + "\n\n" + generated + "\n";
        Files.writeString(page, text);
    }

    private String header() {
        Instant now = Instant.now();
        return "- run: " + began.truncatedTo(ChronoUnit.SECONDS) + " to " + now.truncatedTo(ChronoUnit.SECONDS)
                + " (" + Math.round((now.toEpochMilli() - began.toEpochMilli()) / 60_000.0) + " min), "
                + (o.quick() ? "quick" : "full") + "\n"
                + "- machine: " + machine + "\n"
                + "- load average (1, 5, 15 min) at the end: " + Machine.loadAverage()
                + "; after each scenario: in the notes\n"
                + "- command: `" + command + "`\n"
                + String.format("- load: %.0f short sessions/s (open model, end at once when assigned, bots reused) "
                                + "+ %d long chats (a message every %d s), %d s before the fault and %d s after it; "
                                + "pool min=%d max=%d, bot warm-up %d ms; router deadline %d s, clients wait %d s%n",
                        o.rate(), o.longChats(), o.chatEvery().toSeconds(), o.before().toSeconds(),
                        o.after().toSeconds(), o.minReady(), o.maxBots(), o.warmupMs(), o.deadline().toSeconds(),
                        o.clientTimeout().toSeconds())
                + remarks.stream().map(r -> "- " + r + "\n").collect(Collectors.joining()) + "\n";
    }

    private static String table(List<Tally> tallies) {
        StringBuilder md = new StringBuilder("| scenario | offered | assigned | rejected | closed / refused "
                + "| no outcome (target 0) | chats alive / ended by system (target 0) "
                + "| double-served beats / clients (target 0) | serving again ms (target) | minReady READY ms | DLQ "
                + "| bots left (target 0) | crashed (target 0) | verdict |\n");
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
        return md.toString();
    }

    private static String notRun(List<String> failures) {
        return failures.isEmpty() ? "" : "### Scenarios that could not run\n\n"
                + failures.stream().map(f -> "- " + f + "\n").collect(Collectors.joining()) + "\n";
    }

    private static String counting() {
        try (InputStream in = ReliabilityReport.class.getResourceAsStream("counting.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ms(long v) {
        return v < 0 ? "never" : Long.toString(v);
    }
}
