package io.warmpool.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.faults.FaultOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityReportTest {
    @TempDir
    Path out;

    @Test
    void aRunReplacesTheGeneratedPartOfThePageAndKeepsTheRest() throws Exception {
        Path page = out.resolve(ReliabilityReport.PAGE);
        Files.writeString(page, "# Reliability\n\nintro\n\n" + ReliabilityReport.BEGIN + "\nold figures\n"
                + ReliabilityReport.END + "\n\n## Baseline\n\nbaseline figures\n");

        report(List.of("the Docker scenarios [docker-4-bot-kill] did not run: no engine"))
                .write(List.of(), List.of("5-broker-restart: boom"));

        String text = Files.readString(page);
        assertThat(text).startsWith("# Reliability\n\nintro\n\n" + ReliabilityReport.BEGIN)
                .endsWith(ReliabilityReport.END + "\n\n## Baseline\n\nbaseline figures\n")
                .doesNotContain("old figures")
                .contains("| scenario | offered |", "- command: `the command`", "did not run: no engine",
                        "5-broker-restart: boom", "### How each figure is counted", "warmpool.managed=true");
        assertThat(Files.readString(out.resolve(ReliabilityReport.RUN))).contains("| scenario | offered |",
                "5-broker-restart: boom");
    }

    @Test
    void aPageWithoutMarkersGetsTheGeneratedPartAppendedOnce() throws Exception {
        report(List.of()).write(List.of(), List.of());
        report(List.of()).write(List.of(), List.of());

        String text = Files.readString(out.resolve(ReliabilityReport.PAGE));
        assertThat(text.split(java.util.regex.Pattern.quote(ReliabilityReport.BEGIN), -1)).hasSize(2);
    }

    private ReliabilityReport report(List<String> remarks) {
        return new ReliabilityReport("a machine", "the command", FaultOptions.quick(out, Path.of(".")), remarks);
    }
}
