package io.warmpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.bench.report.Figure;
import io.warmpool.bench.report.Results;
import io.warmpool.bench.stack.ServiceJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness in {@code --quick} mode, as CI runs it: every scenario runs, its sessions complete
 * and it produces numbers. Never a speed: the figures of a shared CI machine mean nothing.
 */
class BenchQuickIT {
    @Test
    void everyScenarioRunsAndProducesNumbers() throws Exception {
        Path out = Path.of(System.getProperty("warmpool.bench.out", "target/bench-quick"));
        Path repo = Path.of(System.getProperty("warmpool.bench.repo", "../.."));
        Harness.Run run = Harness.run(BenchOptions.quick(out), new ServiceJars(repo, List.of("-Xmx256m")));
        Results r = run.results();

        assertThat(run.failures()).isEmpty();
        for (String key : new String[] {"kafka.hop", "assigned.warm", "firstToken.router", "firstToken.direct",
                "claim.direct", "assigned.cold", "replenish.pool", "replenish.spawn", "replenish.warmup",
                "users.first", "users.warm20", "users.warm50", "users.at20", "users.burstAssigned",
                "users.burstRefilled"}) {
            Figure f = r.figure(key).orElseThrow(() -> new AssertionError("no figure " + key));
            assertThat(f.count()).as(key + " samples").isPositive();
            assertThat(f.ms(50)).as(key + " p50").isPositive();
        }
        for (String prefix : new String[] {"warm", "direct", "cold", "burst1", "users.first", "users.warm20",
                "users.warm50", "users.step20", "users.burst1"}) {
            assertThat(r.number(prefix + ".completed")).as(prefix + " sessions completed").get()
                    .matches(n -> n > 0);
            assertThat(r.number(prefix + ".failed")).as(prefix + " sessions failed").contains(0.0);
        }
        assertThat(r.number("inJvm.step50.completed")).as("the first in-JVM throughput step ran").get()
                .matches(n -> n > 0);
        assertThat(r.number("kafkaTool.avgMs")).as("EndToEndLatency's average").get().matches(n -> n > 0);
        assertThat(r.number("idle.100.heapPerSocketKB")).as("router heap per idle socket").get()
                .matches(kb -> kb > 0);
        assertThat(out.resolve(Harness.REPORT)).isNotEmptyFile();
        assertThat(Files.size(out.resolve(Harness.PLOT))).as("the PNG plot").isPositive();
    }
}
