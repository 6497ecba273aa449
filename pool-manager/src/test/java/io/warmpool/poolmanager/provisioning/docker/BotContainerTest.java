package io.warmpool.poolmanager.provisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotContainerTest {

    private static final BotSpec SPEC = new BotSpec("default-1a2b:3c", "default", "prov-1",
            Map.of("WARMPOOL_CLAIM_KEY", "k".repeat(16), "WARMPOOL_BOT_PORT", "0", "WARMPOOL_BOT_HOST", "localhost"));

    @Test
    void hardenedByDefault() {
        var host = BotContainer.of(SPEC, DockerSettings.from(Env.of(Map.of()))).hostConfig();

        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getTmpFs()).containsEntry("/tmp", "rw,nosuid,nodev,size=64m");
        assertThat(host.getMemory()).isEqualTo(384L << 20);
        assertThat(host.getMemorySwap()).isEqualTo(384L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
        assertThat(host.getNetworkMode()).isNull();
        assertThat(host.getCpuShares()).as("below the services' 1024, as nice 10").isEqualTo(110);
    }

    @Test
    void botsYieldTheCpuAsANiceProcessWould() {
        assertThat(DockerSettings.cpuShares(0)).isEqualTo(1024);
        assertThat(DockerSettings.cpuShares(10)).isEqualTo(110);
        assertThat(DockerSettings.cpuShares(19)).isEqualTo(15);
        assertThat(BotContainer.of(SPEC, DockerSettings.from(Env.of(Map.of("WARMPOOL_BOT_NICE", "0")))).hostConfig()
                .getCpuShares()).isEqualTo(1024);
        assertThatThrownBy(() -> DockerSettings.from(Env.of(Map.of("WARMPOOL_BOT_NICE", "20"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WARMPOOL_BOT_NICE");
    }

    @Test
    void labelsNameUserAndNetwork() {
        var c = BotContainer.of(SPEC, DockerSettings.from(Env.of(Map.of("WARMPOOL_DOCKER_NETWORK", "bots"))));

        assertThat(c.name()).isEqualTo("warmpool-bot-default-1a2b_3c");
        assertThat(c.user()).isEqualTo("10001:10001");
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("warmpool.managed", "true",
                "warmpool.installation", "warmpool", "warmpool.pool", "default", "warmpool.provisionId", "prov-1",
                "warmpool.botId", "default-1a2b:3c"));
        assertThat(c.hostConfig().getNetworkMode()).isEqualTo("bots");
    }

    @Test
    void theInstallationIsNamedOrTakenFromTheTopicPrefix() {
        assertThat(DockerSettings.from(Env.of(Map.of("WARMPOOL_INSTALLATION", "team-a"))).installation())
                .isEqualTo("team-a");
        assertThat(DockerSettings.from(Env.of(Map.of("WARMPOOL_TOPIC_PREFIX", "staging."))).installation())
                .isEqualTo("staging");
        assertThat(BotContainer.of(SPEC, DockerSettings.from(Env.of(Map.of("WARMPOOL_INSTALLATION", "b")))).labels())
                .containsEntry("warmpool.installation", "b");
        assertThatThrownBy(() -> DockerSettings.from(Env.of(Map.of("WARMPOOL_INSTALLATION", "two words"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WARMPOOL_INSTALLATION");
    }

    @Test
    void theBotAdvertisesItsNetworkAddressOnTheFixedPort() {
        var c = BotContainer.of(SPEC, DockerSettings.from(Env.of(Map.of("WARMPOOL_DOCKER_BOT_PORT", "9000"))));

        assertThat(c.env()).containsExactly("WARMPOOL_BOT_HOST=auto", "WARMPOOL_BOT_PORT=9000",
                "WARMPOOL_CLAIM_KEY=" + "k".repeat(16));
    }

    @Test
    void poolLimitsOverrideTheDefaults() {
        var settings = DockerSettings.from(Env.of(Map.of("WARMPOOL_DOCKER_POOL_LIMITS", "default:memory_mb=1024,cpus=2")));

        var host = BotContainer.of(SPEC, settings).hostConfig();

        assertThat(host.getMemory()).isEqualTo(1024L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(2_000_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(256L);
    }
}
