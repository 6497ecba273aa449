package io.warmpool.analytics.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
    @Test
    void defaultsAreOneMinuteWindowsTenSecondsGraceThreeHeartbeatsOfGap() {
        AnalyticsConfig config = AnalyticsConfig.from(Env.of(Map.of("WARMPOOL_TOPIC_PREFIX", "blue.",
                "WARMPOOL_HEARTBEAT_MS", "500")));

        assertThat(config.windowing().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.windowing().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.windowing().maxGap()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.applicationId()).isEqualTo("blue.warmpool-analytics");
        assertThat(config.fromBeginning()).isFalse();
    }

    @Test
    void aBadValueNamesTheVariable() {
        assertThatThrownBy(() -> AnalyticsConfig.from(Env.of(Map.of(AnalyticsConfig.WINDOW_MS, "10"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AnalyticsConfig.WINDOW_MS);
        assertThatThrownBy(() -> AnalyticsConfig.from(Env.of(Map.of(AnalyticsConfig.WINDOW_MS, "1000",
                AnalyticsConfig.GRACE_MS, "0", AnalyticsConfig.MAX_GAP_MS, "5000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AnalyticsConfig.MAX_GAP_MS);
    }

    @Test
    void theFlagsWinOverTheEnvironment() {
        Map<String, String> env = AnalyticsMain.withFlags(Map.of("WARMPOOL_KAFKA_BOOTSTRAP", "a:1"),
                List.of("--bootstrap", "b:2", "--from-beginning"));

        AnalyticsConfig config = AnalyticsConfig.from(Env.of(env));
        assertThat(config.kafka().bootstrap()).isEqualTo("b:2");
        assertThat(config.fromBeginning()).isTrue();
        assertThat(AnalyticsMain.withFlags(Map.of(), List.of("--help"))).isNull();
        assertThatThrownBy(() -> AnalyticsMain.withFlags(Map.of(), List.of("--bootstrap")))
                .hasMessageContaining("--bootstrap");
    }
}
