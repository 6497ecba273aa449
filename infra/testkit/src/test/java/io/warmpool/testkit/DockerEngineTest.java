package io.warmpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.warmpool.testkit.DockerEngine.Decision;
import io.warmpool.testkit.DockerEngine.Verdict;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DockerEngineTest {

    private static final String HOST = "unix:///var/run/docker.sock";

    @Test
    void missingEngineFailsWhenDockerIsRequired() {
        Decision decision = Decision.of(false, "1", HOST);

        assertThat(decision.verdict()).isEqualTo(Verdict.FAIL);
        assertThatThrownBy(decision::enforce).isInstanceOf(AssertionFailedError.class)
                .hasMessage("WARMPOOL_REQUIRE_DOCKER=1 but no Docker engine answers at " + HOST);
        assertThatThrownBy(decision::asCondition).isInstanceOf(AssertionFailedError.class)
                .hasMessage("WARMPOOL_REQUIRE_DOCKER=1 but no Docker engine answers at " + HOST);
    }

    @Test
    void missingEngineSkipsWhenDockerIsNotRequired() {
        for (String flag : new String[] {null, "", "0"}) {
            Decision decision = Decision.of(false, flag, HOST);

            assertThat(decision.verdict()).as("flag %s", flag).isEqualTo(Verdict.SKIP);
            assertThatThrownBy(decision::enforce).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("no Docker engine answers at " + HOST);
            assertThat(decision.asCondition().isDisabled()).isTrue();
            assertThat(decision.asCondition().getReason()).hasValue(decision.reason());
        }
    }

    @Test
    void answeringEngineRunsWhateverTheFlag() {
        for (String flag : new String[] {null, "1"}) {
            Decision decision = Decision.of(true, flag, HOST);

            assertThat(decision.verdict()).isEqualTo(Verdict.RUN);
            decision.enforce();
            assertThat(decision.asCondition().isDisabled()).isFalse();
        }
    }

    @Test
    void pingOfAnAbsentEngineAnswersNoQuickly() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///nonexistent/docker.sock").build();
        long start = System.nanoTime();

        assertThat(DockerEngine.answers(config, Duration.ofSeconds(3))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
