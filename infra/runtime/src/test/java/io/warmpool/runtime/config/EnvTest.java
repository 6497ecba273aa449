package io.warmpool.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
    enum Engine { RULES, OPENAI }

    @Test
    void defaultsApplyWhenAVariableIsAbsentOrBlank() {
        Env env = Env.of(Map.of("WARMPOOL_X", "  "));

        assertThat(env.integer("WARMPOOL_X", 7, 0, 10)).isEqualTo(7);
        assertThat(env.bool("WARMPOOL_Y", true)).isTrue();
        assertThat(env.millis("WARMPOOL_Z_MS", Duration.ofSeconds(3), Duration.ZERO, Duration.ofHours(1)))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(env.list("WARMPOOL_L", List.of("a"))).containsExactly("a");
    }

    @Test
    void badValuesNameTheVariableAndWhatWasExpected() {
        Env env = Env.of(Map.of("WARMPOOL_N", "three", "WARMPOOL_R", "99", "WARMPOOL_B", "maybe",
                "WARMPOOL_E", "gpt"));

        assertThatThrownBy(() -> env.integer("WARMPOOL_N", 1, 0, 10))
                .isInstanceOf(ConfigException.class).hasMessage("WARMPOOL_N='three' is not a whole number");
        assertThatThrownBy(() -> env.integer("WARMPOOL_R", 1, 0, 10))
                .hasMessage("WARMPOOL_R=99 is out of range: expected 0..10");
        assertThatThrownBy(() -> env.bool("WARMPOOL_B", false)).hasMessageContaining("WARMPOOL_B='maybe'");
        assertThatThrownBy(() -> env.choice("WARMPOOL_E", Engine.class, Engine.RULES))
                .hasMessage("WARMPOOL_E='gpt' is not one of [rules, openai]");
        assertThatThrownBy(() -> env.required("WARMPOOL_CLAIM_KEY", "routers and bots share it"))
                .hasMessage("WARMPOOL_CLAIM_KEY is required: routers and bots share it");
    }

    @Test
    void anIdFollowsTheEventContractsSyntaxAndABadOneIsNamed() {
        Env env = Env.of(Map.of("WARMPOOL_GOOD", "pool-1.a:b", "WARMPOOL_BAD", "two words"));

        assertThat(env.id("WARMPOOL_GOOD", "x")).isEqualTo("pool-1.a:b");
        assertThat(env.id("WARMPOOL_UNSET", "fallback-1")).isEqualTo("fallback-1");
        assertThatThrownBy(() -> env.id("WARMPOOL_BAD", "x")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WARMPOOL_BAD='two words' is not an id: expected ");
    }

    @Test
    void kafkaClientSettingsPassThroughAndABadPrefixIsNamed() {
        KafkaSettings s = KafkaSettings.from(Env.of(Map.of("WARMPOOL_KAFKA_BOOTSTRAP", "k:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "WARMPOOL_TOPIC_PREFIX", "prod.")));

        assertThat(s.producer("p")).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "k:9093").containsEntry("acks", "all");
        assertThat(s.topics().deadLetter()).isEqualTo("prod.warmpool.dlq");
        assertThatThrownBy(() -> KafkaSettings.from(Env.of(Map.of("WARMPOOL_TOPIC_PREFIX", "bad prefix!"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("WARMPOOL_TOPIC_PREFIX: ");
    }
}
