package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BotConfigTest {
    private static final Map<String, String> MINIMAL = Map.of(BotConfig.CLAIM_KEY, "0123456789abcdef");

    @Test
    void defaults() {
        BotConfig config = BotConfig.from(Env.of(MINIMAL));
        assertThat(config.botId()).matches("bot-[0-9a-f]{8}");
        assertThat(config.pool()).isEqualTo("default");
        assertThat(config.provisionId()).isNull();
        assertThat(config.host()).isNotBlank();
        assertThat(config.port()).isZero();
        assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.reuse()).isFalse();
        assertThat(config.engine()).isEqualTo(EngineKind.RULES);
        assertThat(config.openai()).isNull();
        assertThat(config.tokenDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxMessageBytes()).isEqualTo(65536);
        assertThat(config.rehearsals()).isEqualTo(3);
        assertThat(config.kafka().bootstrap()).isEqualTo("localhost:9092");
        assertThat(config.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void aBotInAPodKnowsItFromTheDownwardApiVariables() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(BotConfig.POD_NAME, "warmpool-bot-default-6d4f-x2k9p");
        env.put(BotConfig.POD_NAMESPACE, "warmpool");

        assertThat(BotConfig.from(Env.of(env)).pod())
                .isEqualTo(new io.warmpool.events.PodRef("warmpool-bot-default-6d4f-x2k9p", "warmpool"));
        assertThat(BotConfig.from(Env.of(MINIMAL)).pod()).as("outside Kubernetes").isNull();

        env.remove(BotConfig.POD_NAMESPACE);
        assertThatThrownBy(() -> BotConfig.from(Env.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("only WARMPOOL_POD_NAME is set");
    }

    @Test
    void autoHostAdvertisesANonLoopbackIpv4Address() throws Exception {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(BotConfig.HOST, "auto");

        String host = BotConfig.from(Env.of(env)).host();

        java.net.InetAddress address = java.net.InetAddress.getByName(host);
        assertThat(address).isInstanceOf(java.net.Inet4Address.class);
        assertThat(address.isLoopbackAddress()).isFalse();
        assertThat(java.net.NetworkInterface.getByInetAddress(address)).as("an address of this machine").isNotNull();
    }

    @Test
    void openAiSettingsAndNoKeyInToString() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(BotConfig.ENGINE, "openai");
        env.put(BotConfig.OPENAI_BASE_URL, "http://localhost:11434/v1/");
        env.put(BotConfig.OPENAI_MODEL, "llama3.2");
        env.put(BotConfig.OPENAI_API_KEY, "sk-secret");
        BotConfig config = BotConfig.from(Env.of(env));
        assertThat(config.openai().completionsUrl()).isEqualTo("http://localhost:11434/v1/chat/completions");
        assertThat(config.openai().model()).isEqualTo("llama3.2");
        assertThat(config.toString()).doesNotContain("sk-secret");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "WARMPOOL_CLAIM_KEY,short",
            "WARMPOOL_BOT_PORT,70000",
            "WARMPOOL_BOT_PORT,abc",
            "WARMPOOL_BOT_WARMUP_MS,-1",
            "WARMPOOL_HEARTBEAT_MS,0",
            "WARMPOOL_BOT_REUSE,maybe",
            "WARMPOOL_BOT_ENGINE,gpt",
            "WARMPOOL_BOT_ID,bad id",
            "WARMPOOL_POOL,-pool",
            "WARMPOOL_PROVISION_ID,a/b",
            "WARMPOOL_TOPIC_PREFIX,a prefix",
            "WARMPOOL_BOT_MAX_MESSAGE_BYTES,10",
            "WARMPOOL_BOT_REHEARSALS,-1",
            "WARMPOOL_BOT_REHEARSALS,many",
            "WARMPOOL_BOT_IDLE_TIMEOUT_MS,soon"})
    void aBadValueNamesItsVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(variable, value);
        assertThatThrownBy(() -> BotConfig.from(Env.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void theClaimKeyCanComeFromAFileButNotFromBothPlaces(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("claim-key");
        java.nio.file.Files.writeString(file, "from-a-file-0123456789\n");
        BotConfig config = BotConfig.from(Env.of(Map.of(BotConfig.CLAIM_KEY + "_FILE", file.toString(),
                BotConfig.CLAIM_KEY_PREVIOUS, "the-old-key-0123456789")));
        io.warmpool.events.claim.Claim claim = io.warmpool.events.claim.Claim.sign(
                io.warmpool.events.claim.ClaimKey.of("from-a-file-0123456789"), "s", "b", 10);
        assertThat(claim.check(config.claimKeys(), "b", 0)).isEqualTo(io.warmpool.events.claim.ClaimCheck.VALID);
        assertThat(config.toString()).doesNotContain("from-a-file").doesNotContain("the-old-key");

        assertThatThrownBy(() -> BotConfig.from(Env.of(Map.of(BotConfig.CLAIM_KEY, "0123456789abcdef",
                BotConfig.CLAIM_KEY + "_FILE", file.toString())))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("either " + BotConfig.CLAIM_KEY + " or " + BotConfig.CLAIM_KEY + "_FILE");
        assertThatThrownBy(() -> BotConfig.from(Env.of(Map.of(BotConfig.CLAIM_KEY + "_FILE",
                dir.resolve("missing").toString())))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(BotConfig.CLAIM_KEY + "_FILE");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "localhost, localhost", "10.1.2.3, 10.1.2.3", "::1, ::1",
            "bot-7.warmpool.svc, 0.0.0.0"})
    void theBotListensOnTheInterfaceItAdvertises(String advertised, String bound) {
        assertThat(BotVerticle.bindHost(advertised)).isEqualTo(bound);
    }

    @Test
    void theClaimKeyIsRequired() {
        assertThatThrownBy(() -> BotConfig.from(Env.of(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(BotConfig.CLAIM_KEY);
    }

    @Test
    void openAiNeedsAModelAndAnHttpUrl() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(BotConfig.ENGINE, "openai");
        assertThatThrownBy(() -> BotConfig.from(Env.of(env))).hasMessageContaining(BotConfig.OPENAI_MODEL);
        env.put(BotConfig.OPENAI_MODEL, "m");
        env.put(BotConfig.OPENAI_BASE_URL, "ftp://example.com/v1");
        assertThatThrownBy(() -> BotConfig.from(Env.of(env))).hasMessageContaining(BotConfig.OPENAI_BASE_URL);
    }
}
