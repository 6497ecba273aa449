package io.warmpool.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.report.ReliabilityReport.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityReportTest {
    @TempDir
    Path out;

    @Test
    void aRunReplacesItsOwnPartOfThePageAndKeepsTheRest() throws Exception {
        Path page = out.resolve(ReliabilityReport.PAGE);
        Files.writeString(page, "# Reliability\n\nintro\n\n" + block(Block.PROCESSES, "old process figures")
                + "\n\n" + block(Block.DOCKER, "old docker figures") + "\n\n## Baseline\n\nbaseline figures\n");

        report(List.of("5-broker-restart"), List.of()).write(List.of(), List.of("5-broker-restart: boom"));

        String text = Files.readString(page);
        assertThat(text).startsWith("# Reliability\n\nintro\n\n" + Block.PROCESSES.begin())
                .contains("old docker figures", "## Baseline\n\nbaseline figures\n",
                        "| scenario | offered |", "- command: `the command`", "5-broker-restart: boom",
                        "## How each figure is counted", "warmpool.managed=true")
                .doesNotContain("old process figures");
        assertThat(Files.readString(out.resolve(ReliabilityReport.RUN))).contains("5-broker-restart: boom");
        assertThat(out.resolve(ReliabilityReport.RUN_DOCKER)).doesNotExist();
    }

    @Test
    void skippedDockerScenariosAreSaidInTheDockerPart() throws Exception {
        report(List.of(), List.of("the Docker scenarios [docker-4-bot-kill] did not run: no engine"))
                .write(List.of(), List.of());

        assertThat(Files.readString(out.resolve(ReliabilityReport.RUN_DOCKER))).contains("did not run: no engine");
        assertThat(out.resolve(ReliabilityReport.RUN)).doesNotExist();
    }

    @Test
    void aPageWithoutTheBlocksGetsThemAppendedOnce() throws Exception {
        report(List.of("docker-4-bot-kill", "4-bot-kill"), List.of()).write(List.of(), List.of());
        report(List.of("docker-4-bot-kill", "4-bot-kill"), List.of()).write(List.of(), List.of());

        String text = Files.readString(out.resolve(ReliabilityReport.PAGE));
        for (Block b : Block.values()) {
            assertThat(text.split(Pattern.quote(b.begin()), -1)).as(b.key).hasSize(2);
        }
    }

    private static String block(Block b, String content) {
        return b.begin() + "\n" + content + "\n" + b.end();
    }

    private ReliabilityReport report(List<String> scenarios, List<String> remarks) {
        return new ReliabilityReport("a machine", "the command", FaultOptions.quick(out, Path.of(".")), scenarios,
                remarks);
    }
}
