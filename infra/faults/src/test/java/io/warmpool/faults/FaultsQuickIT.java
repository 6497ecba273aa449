package io.warmpool.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.faults.report.Tally;
import io.warmpool.faults.stack.docker.Docker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suite in {@code --quick --docker} mode, as CI runs it: every scenario runs against the service
 * jars this build just packaged, the {@code docker-*} ones against the compose stack of the
 * {@code warmpool/*:dev} images when an engine answers (skipped without one, failed under
 * {@code WARMPOOL_REQUIRE_DOCKER=1}), and meets the zero targets that do not depend on timing (no
 * session without an outcome, no bot serving two sessions, no bot process or container left, no
 * service crashed). Timing targets are the full run's business (docs/RELIABILITY.md).
 */
class FaultsQuickIT {
    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void everyScenarioMeetsTheZeroTargets() throws Exception {
        Path out = Path.of(System.getProperty("warmpool.faults.out", "target/faults-quick"));
        Path repo = Path.of(System.getProperty("warmpool.faults.repo", "../.."));
        FaultOptions quick = FaultOptions.quick(out, repo).withDocker();
        Suite.Run run = Suite.run(quick, List.of(), false, "FaultsQuickIT (--quick --docker)");

        assertThat(run.failures()).as("scenarios that could not run").isEmpty();
        boolean engine = Docker.unavailable().isEmpty();
        assertThat(run.tallies()).hasSize(Suite.select(quick, List.of()).stream()
                .filter(s -> engine || !s.onCompose()).toList().size());
        for (Tally t : run.tallies()) {
            assertThat(t.offered()).as(t.scenario() + ": sessions offered").isPositive();
            assertThat(t.zeroTargetMisses()).as(t.scenario() + ": zero targets").isEmpty();
        }
    }
}
