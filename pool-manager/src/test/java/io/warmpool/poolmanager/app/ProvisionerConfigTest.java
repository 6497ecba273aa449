package io.warmpool.poolmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The spawn settings: boots at once (one per core), their timeout, and the bots' niceness. */
class ProvisionerConfigTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("WARMPOOL_CLAIM_KEY", "a-test-claim-key-0123456789"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void bootsOnePerCoreAtNiceTenByDefaultAndTheNicenessStaysWithThePoolManager() {
        ProvisionerConfig c = ProvisionerConfig.from(Env.of(env()));

        assertThat(c.maxConcurrentSpawns()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.bootTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.botNice()).isEqualTo(10);
        assertThat(ProvisionerConfig.from(Env.of(env("WARMPOOL_BOT_NICE", "0"))).botEnv())
                .doesNotContainKey("WARMPOOL_BOT_NICE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WARMPOOL_BOT_NICE|20", "WARMPOOL_BOT_NICE|-1", "WARMPOOL_MAX_CONCURRENT_SPAWNS|0",
            "WARMPOOL_BOOT_TIMEOUT_MS|10"})
    void aBadValueNamesItsVariable(String name, String value) {
        assertThatThrownBy(() -> ProvisionerConfig.from(Env.of(env(name, value))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(name);
    }
}
