package io.warmpool.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
    private static final String KEY = "0123456789abcdef-claim";

    private static RouterConfig from(String... pairs) {
        Map<String, String> vars = new HashMap<>();
        vars.put(RouterConfig.CLAIM_KEY, KEY);
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return RouterConfig.from(Env.of(vars));
    }

    @Test
    void defaults() {
        RouterConfig c = from();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.routerId()).startsWith("router-");
        assertThat(c.sessionDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits().maxSessions()).isEqualTo(1000);
        assertThat(c.limits().maxMessageBytes()).isEqualTo(65_536);
        assertThat(c.limits().maxFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.apiKeys()).isEmpty();
        assertThat(c.jwtPublicKey()).isEmpty();
        assertThat(c.toString()).doesNotContain(KEY);
    }

    @Test
    void readsEverySetting() {
        RouterConfig c = from(RouterConfig.HTTP_PORT, "0", RouterConfig.ROUTER_ID, "r-1",
                RouterConfig.SESSION_DEADLINE_MS, "1500", RouterConfig.API_KEYS, "a, b",
                RouterConfig.ALLOWED_ORIGINS, "https://chat.example", RouterConfig.MAX_SESSIONS, "7");
        assertThat(c.httpPort()).isZero();
        assertThat(c.routerId()).isEqualTo("r-1");
        assertThat(c.sessionDeadline()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.apiKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(c.limits().allowedOrigins()).containsExactly("https://chat.example");
        assertThat(c.limits().maxSessions()).isEqualTo(7);
        assertThat(c.toString()).doesNotContain("a, b");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> RouterConfig.from(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.CLAIM_KEY);
        assertThatThrownBy(() -> from(RouterConfig.CLAIM_KEY, "short"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.CLAIM_KEY);
        assertThatThrownBy(() -> from(RouterConfig.ROUTER_ID, "bad id"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.ROUTER_ID);
        assertThatThrownBy(() -> from(RouterConfig.SESSION_DEADLINE_MS, "soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.SESSION_DEADLINE_MS);
        assertThatThrownBy(() -> from(RouterConfig.API_KEYS, "k", RouterConfig.JWT_PUBLIC_KEY, "pem"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.API_KEYS);
        assertThatThrownBy(() -> from(RouterConfig.JWT_ALGORITHM, "HS256"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RouterConfig.JWT_ALGORITHM);
    }
}
