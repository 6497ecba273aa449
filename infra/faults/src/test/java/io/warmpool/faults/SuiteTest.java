package io.warmpool.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.faults.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteTest {
    private static final FaultOptions FULL = FaultOptions.full(Path.of("out"), Path.of("."));

    @Test
    void theDefaultRunIsEveryProcessScenarioAndTheComposeOnesOnlyWithDocker() {
        assertThat(names(Suite.select(FULL, List.of()))).hasSize(14).noneMatch(n -> n.startsWith("docker-"));
        assertThat(names(Suite.select(FULL.withDocker(), List.of()))).hasSize(20)
                .containsSubsequence("8-forged-claims", "docker-1-pool-manager-6s", "docker-1-broker-6s",
                        "docker-2-pm-kill-x3", "docker-3-router-kill", "docker-4-bot-kill", "docker-5-broker-restart");
    }

    @Test
    void onlyPicksByNameOrPrefixAndDockerNamesTheComposeScenariosWithoutTheFlag() {
        assertThat(names(Suite.select(FULL, List.of("4")))).containsExactly("4-bot-kill");
        assertThat(names(Suite.select(FULL, List.of("docker-4", "5")))).containsExactly("5-broker-restart",
                "docker-4-bot-kill");
        assertThat(names(Suite.select(FULL, List.of("docker")))).hasSize(6).allMatch(n -> n.startsWith("docker-"));
        assertThat(names(Suite.select(FULL, List.of("1-pool-manager"))))
                .containsExactly("1-pool-manager-6s", "1-pool-manager-20s", "1-pool-manager-60s");
    }

    @Test
    void theRunsEstimateCountsEveryStackTheLoadAndTheFault() {
        Scenario pause = Suite.select(FULL, List.of("1-broker-60s")).get(0);
        Scenario onCompose = Suite.select(FULL, List.of("docker-1-broker-6s")).get(0);

        assertThat(Suite.expected(pause, FULL)).isGreaterThan(FULL.before().plus(FULL.after()).plusSeconds(60));
        assertThat(Suite.expected(onCompose, FULL)).isGreaterThan(Suite.expected(
                Suite.select(FULL, List.of("1-broker-6s")).get(0), FULL));
    }

    @Test
    void eachOfTheFullRunsTwoCommandsIsExpectedToFitIn25Minutes() {
        assertThat(total(Suite.select(FULL, List.of()))).isLessThan(Duration.ofMinutes(25));
        assertThat(total(Suite.select(FULL, List.of("docker")))).isLessThan(Duration.ofMinutes(25));
    }

    private static Duration total(List<Scenario> scenarios) {
        return scenarios.stream().map(s -> Suite.expected(s, FULL)).reduce(Duration.ZERO, Duration::plus);
    }

    private static List<String> names(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::name).toList();
    }
}
