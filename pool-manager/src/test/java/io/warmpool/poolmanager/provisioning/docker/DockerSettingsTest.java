package io.warmpool.poolmanager.provisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerSettingsTest {

    @Test
    void defaults() {
        DockerSettings s = DockerSettings.from(Env.of(Map.of()));

        assertThat(s.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(s.apiVersion()).isEmpty();
        assertThat(s.image()).isEqualTo("warmpool/bot-worker:dev");
        assertThat(s.network()).isEmpty();
        assertThat(s.botPort()).isEqualTo(8090);
        assertThat(s.limits()).isEqualTo(BotLimits.DEFAULT);
        assertThat(s.poolLimits()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsEngineImageNetworkAndLimits() {
        DockerSettings s = DockerSettings.from(Env.of(Map.of(
                "DOCKER_HOST", "tcp://engine:2375",
                "DOCKER_API_VERSION", "1.41",
                "WARMPOOL_BOT_IMAGE", "registry.local/bot:7",
                "WARMPOOL_DOCKER_NETWORK", "warmpool-bots",
                "WARMPOOL_DOCKER_MEMORY_MB", "512",
                "WARMPOOL_DOCKER_CPUS", "0.5",
                "WARMPOOL_DOCKER_PIDS", "128",
                "WARMPOOL_DOCKER_POOL_LIMITS", "big:memory_mb=2048;tiny:cpus=0.25,pids=64")));

        assertThat(s.dockerHost()).isEqualTo("tcp://engine:2375");
        assertThat(s.apiVersion()).contains("1.41");
        assertThat(s.image()).isEqualTo("registry.local/bot:7");
        assertThat(s.network()).isEqualTo(Optional.of("warmpool-bots"));
        assertThat(s.limitsFor("default")).isEqualTo(new BotLimits(512L << 20, 500_000_000L, 128));
        assertThat(s.limitsFor("big")).isEqualTo(new BotLimits(2048L << 20, 500_000_000L, 128));
        assertThat(s.limitsFor("tiny")).isEqualTo(new BotLimits(512L << 20, 250_000_000L, 64));
    }

    @Test
    void graceIsCappedBelowTheResponseTimeout() {
        DockerSettings s = DockerSettings.from(Env.of(Map.of("WARMPOOL_DOCKER_RESPONSE_TIMEOUT_MS", "20000")));

        assertThat(s.cappedGrace(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.cappedGrace(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(15));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WARMPOOL_DOCKER_CPUS        | lots                 | cpus='lots' is not a number",
            "WARMPOOL_DOCKER_MEMORY_MB   | 2                    | bot limits too small",
            "WARMPOOL_DOCKER_POOL_LIMITS | big:memory=1         | unknown key 'memory'",
            "WARMPOOL_DOCKER_POOL_LIMITS | :cpus=1              | is not pool:key=value",
            "WARMPOOL_DOCKER_POOL_LIMITS | big:cpus             | 'cpus' is not key=value",
            "WARMPOOL_DOCKER_BOT_PORT    | 0                    | WARMPOOL_DOCKER_BOT_PORT=0 is out of range",
    })
    void badValuesNameTheSetting(String name, String value, String message) {
        assertThatThrownBy(() -> DockerSettings.from(Env.of(Map.of(name, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
