package io.warmpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Needs an engine: skipped without one, failed without one under WARMPOOL_REQUIRE_DOCKER=1. */
@RequiresDocker
class DockerEngineIT {

    @Test
    void sharedClientTalksToTheEngine() {
        assertThat(DockerEngine.available()).isTrue();
        assertThat(DockerEngine.client().versionCmd().exec().getApiVersion()).isNotBlank();
    }
}
