package io.warmpool.poolmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolManagerConfigTest {

    @Test
    void readsSeveralPoolsWithTheirOwnKeys() {
        PoolManagerConfig c = PoolManagerConfig.from(Env.of(Map.of(
                "WARMPOOL_POOLS", "default:min=3,max=20; big:min=1,max=4,queue=7,deadline=15000,claimTimeout=2000,"
                        + "spawnTimeout=9000,missedHeartbeats=5,backoff=300,reuse=true",
                "WARMPOOL_HEARTBEAT_MS", "250",
                "WARMPOOL_ALLOCATOR_ID", "alloc-1")));

        assertThat(c.pools().keySet()).containsExactlyInAnyOrder("default", "big");
        PoolPolicy d = c.pools().get("default");
        assertThat(d.minReady()).isEqualTo(3);
        assertThat(d.maxBots()).isEqualTo(20);
        assertThat(d.heartbeatMs()).isEqualTo(250);
        assertThat(d.afterSession()).isEqualTo(AfterSession.RETIRE);
        assertThat(c.pools().get("big")).isEqualTo(new PoolPolicy(1, 4, 7, 15_000, 2_000, 250, 5, 9_000, 300,
                AfterSession.REUSE));
        assertThat(c.allocatorId()).isEqualTo("alloc-1");
        assertThat(c.roles()).as("both roles in one process by default").isEqualTo(Set.of(Role.ALLOCATOR, Role.PROVISIONER));
        assertThat(c.httpPort()).isEqualTo(8081);
    }

    @Test
    void defaultsToOnePoolOfThreeWarmBots() {
        PoolManagerConfig c = PoolManagerConfig.from(Env.of(Map.of()));
        assertThat(c.pools()).containsOnlyKeys("default");
        assertThat(c.pools().get("default").minReady()).isEqualTo(3);
        assertThat(c.allocatorId()).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WARMPOOL_POOLS|default:min=5,max=2|WARMPOOL_POOLS",
            "WARMPOOL_POOLS|default:min=x|min='x'",
            "WARMPOOL_POOLS|default:colour=red|unknown key",
            "WARMPOOL_POOLS|a:min=1;a:min=2|listed twice",
            "WARMPOOL_POOLS|bad name:min=1|pool name",
            "WARMPOOL_ROLES|allocator,cook|WARMPOOL_ROLES",
            "WARMPOOL_EXACTLY_ONCE|true|WARMPOOL_EXACTLY_ONCE",
            "WARMPOOL_HTTP_PORT|70000|WARMPOOL_HTTP_PORT"})
    void aBadValueNamesItsVariable(String name, String value, String mentioned) {
        assertThatThrownBy(() -> PoolManagerConfig.from(Env.of(Map.of(name, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(mentioned);
    }
}
