package io.warmpool.faults.report;

import io.warmpool.bench.report.Machine;
import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.scenario.Check;
import io.warmpool.faults.scenario.OnCompose;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a run into {@code --out}, in two parts of their own: the process stack's scenarios and the
 * compose stack's ({@code docker-*}). Each part that the run chose gets its notes file ({@value #RUN},
 * {@value #RUN_DOCKER}: the table and each scenario's notes) and its generated block of
 * {@value #PAGE} (the machine, the command, the table with targets and verdicts), between markers, so
 * that a run replaces its own part's figures and nothing else on the page; the page's block on how
 * each figure is counted is rewritten by every run. A page without a block gets it appended.
 */
public final class ReliabilityReport {
    public static final String PAGE = "RELIABILITY.md";
    public static final String RUN = "reliability-run.md";
    public static final String RUN_DOCKER = "reliability-run-docker.md";

    /** The page's generated blocks. */
    enum Block {
        PROCESSES("processes", "Results: the process stack", RUN),
        DOCKER("docker", "Results: the compose stack (docker-*)", RUN_DOCKER),
        COUNTING("counting", null, null);

        final String key;
        final String title;
        final String notes;

        Block(String key, String title, String notes) {
            this.key = key;
            this.title = title;
            this.notes = notes;
        }

        String begin() {
            return "<!-- faults:" + key + ":begin (written by the fault suite; edits here are lost) -->";
        }

        String end() {
            return "<!-- faults:" + key + ":end -->";
        }

        static Block of(String scenarioOrFailure) {
            return scenarioOrFailure.startsWith(OnCompose.PREFIX) || scenarioOrFailure.contains("[" + OnCompose.PREFIX)
                    ? DOCKER : PROCESSES;
        }
    }

    private final String machine;
    private final String command;
    private final FaultOptions o;
    private final List<String> remarks;
    private final Set<Block> parts;
    private final Instant began = Instant.now();

    /**
     * @param scenarios the names of the scenarios the run chose (which parts it writes)
     * @param remarks   what the run could not do and why (scenarios skipped), said in their part
     */
    public ReliabilityReport(String machine, String command, FaultOptions o, List<String> scenarios,
                             List<String> remarks) {
        this.machine = machine;
        this.command = command;
        this.o = o;
        this.remarks = List.copyOf(remarks);
        this.parts = EnumSet.noneOf(Block.class);
        scenarios.forEach(n -> parts.add(Block.of(n)));
        remarks.forEach(r -> parts.add(Block.of(r)));
        if (parts.isEmpty()) {
            parts.add(Block.PROCESSES);
        }
    }

    /** The files a {@link #write} writes. */
    public List<Path> written() {
        List<Path> files = new ArrayList<>(List.of(o.out().resolve(PAGE)));
        parts.forEach(b -> files.add(o.out().resolve(b.notes)));
        return files;
    }

    public void write(List<Tally> tallies, List<String> failures) throws IOException {
        Path page = o.out().resolve(PAGE);
        String text = Files.exists(page) ? Files.readString(page) : "# Reliability: faults injected under load\n";
        for (Block b : parts) {
            List<Tally> mine = tallies.stream().filter(t -> Block.of(t.scenario()) == b).toList();
            List<String> failed = failures.stream().filter(f -> Block.of(f) == b).toList();
            List<String> said = remarks.stream().filter(r -> Block.of(r) == b).toList();
            Files.writeString(o.out().resolve(b.notes), notes(mine, failed, said));
            text = replace(text, b, "## " + b.title + "\n\n" + header(said) + table(mine) + "\nEach scenario's notes"
                    + " (what the fault did, how each ended chat ended, the answers to each abusive client and claim)"
                    + " are in [" + b.notes + "](" + b.notes + ").\n\n" + notRun(failed));
        }
        Files.writeString(page, replace(text, Block.COUNTING, counting()));
    }

    private static String replace(String page, Block b, String content) {
        String block = b.begin() + "\n\n" + content.stripTrailing() + "\n\n" + b.end();
        int begin = page.indexOf(b.begin());
        int end = page.indexOf(b.end());
        return begin >= 0 && end > begin
                ? page.substring(0, begin) + block + page.substring(end + b.end().length())
                : page.stripTrailing() + "\n\n" + block + "\n";
    }

    private String notes(List<Tally> tallies, List<String> failures, List<String> said) {
        StringBuilder run = new StringBuilder("# warmpool fault run\n\n").append(header(said));
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
        return run.append(notRun(failures)).toString();
    }

    private String header(List<String> said) {
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
                + said.stream().map(r -> "- " + r + "\n").collect(Collectors.joining()) + "\n";
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
