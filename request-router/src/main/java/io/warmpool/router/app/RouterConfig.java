package io.warmpool.router.app;

import io.warmpool.events.claim.ClaimKey;
import io.warmpool.router.routing.Limits;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The router's settings, read once from the environment and validated; a bad value stops the
 * router at start with a message naming the variable.
 *
 * @param jwtPublicKey PEM of the key that verifies client JWTs; when set, clients need a valid JWT
 * @param apiKeys      accepted bearer tokens; when not empty, clients need one of them
 */
public record RouterConfig(int httpPort, String routerId, ClaimKey claimKey, Duration sessionDeadline,
                           Duration claimTimeout, Limits limits, Set<String> apiKeys, Optional<String> jwtPublicKey,
                           String jwtAlgorithm, KafkaSettings kafka) {
    public static final String HTTP_PORT = "WARMPOOL_HTTP_PORT";
    public static final String ROUTER_ID = "WARMPOOL_ROUTER_ID";
    public static final String CLAIM_KEY = "WARMPOOL_CLAIM_KEY";
    public static final String SESSION_DEADLINE_MS = "WARMPOOL_SESSION_DEADLINE_MS";
    public static final Duration DEFAULT_SESSION_DEADLINE = Duration.ofSeconds(30);
    public static final String CLAIM_TIMEOUT_MS = "WARMPOOL_CLAIM_TIMEOUT_MS";
    public static final String MAX_FRAME_BYTES = "WARMPOOL_MAX_FRAME_BYTES";
    public static final String MAX_MESSAGE_BYTES = "WARMPOOL_MAX_MESSAGE_BYTES";
    public static final String RATE_PER_SEC = "WARMPOOL_RATE_PER_SEC";
    public static final String RATE_BURST = "WARMPOOL_RATE_BURST";
    public static final String MAX_SESSIONS = "WARMPOOL_MAX_SESSIONS";
    public static final String SLOW_CLIENT_MS = "WARMPOOL_SLOW_CLIENT_MS";
    public static final String CLIENT_PING_MS = "WARMPOOL_CLIENT_PING_MS";
    public static final String BOT_PING_MS = "WARMPOOL_BOT_PING_MS";
    public static final String ALLOWED_ORIGINS = "WARMPOOL_ALLOWED_ORIGINS";
    public static final String API_KEYS = "WARMPOOL_API_KEYS";
    public static final String JWT_PUBLIC_KEY = "WARMPOOL_JWT_PUBLIC_KEY";
    public static final String JWT_PUBLIC_KEY_FILE = "WARMPOOL_JWT_PUBLIC_KEY_FILE";
    public static final String JWT_ALGORITHM = "WARMPOOL_JWT_ALGORITHM";

    private static final Set<String> JWT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");

    public RouterConfig {
        apiKeys = Set.copyOf(apiKeys);
    }

    public static RouterConfig from(Env env) {
        String routerId = env.id(ROUTER_ID, "router-" + UUID.randomUUID().toString().substring(0, 8));
        ClaimKey claimKey;
        try {
            claimKey = ClaimKey.of(env.secret(CLAIM_KEY, "routers and bots share it to sign and check claims"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CLAIM_KEY + ": " + e.getMessage());
        }
        int maxMessage = env.integer(MAX_MESSAGE_BYTES, 65_536, 64, 16 * 1024 * 1024);
        // The transport reads a frame up to this whole, so that a refused one still gets its 1009 (closing
        // with the frame half read resets the connection and the client sees 1006).
        int maxFrame = env.integer(MAX_FRAME_BYTES, Math.max(16 * 1024 * 1024, 4 * maxMessage), maxMessage,
                64 * 1024 * 1024);
        Limits limits = new Limits(maxFrame, maxMessage,
                env.integer(RATE_PER_SEC, 5, 1, 10_000),
                env.integer(RATE_BURST, 10, 1, 10_000),
                env.integer(MAX_SESSIONS, 1_000, 1, 1_000_000),
                env.millis(SLOW_CLIENT_MS, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                env.millis(CLIENT_PING_MS, Duration.ofSeconds(15), Duration.ofMillis(50), Duration.ofHours(1)),
                env.millis(BOT_PING_MS, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(10)),
                env.list(ALLOWED_ORIGINS, java.util.List.of()));
        Set<String> apiKeys = new HashSet<>(env.list(API_KEYS, java.util.List.of()));
        Optional<String> jwtKey = jwtPublicKey(env);
        if (!apiKeys.isEmpty() && jwtKey.isPresent()) {
            throw new ConfigException("set either " + API_KEYS + " or " + JWT_PUBLIC_KEY + ", not both");
        }
        String algorithm = env.text(JWT_ALGORITHM, "RS256");
        if (!JWT_ALGORITHMS.contains(algorithm)) {
            throw new ConfigException(JWT_ALGORITHM + "='" + algorithm + "' is not one of " + JWT_ALGORITHMS);
        }
        return new RouterConfig(
                env.integer(HTTP_PORT, 8080, 0, 65_535),
                routerId,
                claimKey,
                env.millis(SESSION_DEADLINE_MS, DEFAULT_SESSION_DEADLINE, Duration.ofMillis(100), Duration.ofHours(1)),
                env.millis(CLAIM_TIMEOUT_MS, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(5)),
                limits, apiKeys, jwtKey, algorithm, KafkaSettings.from(env));
    }

    private static Optional<String> jwtPublicKey(Env env) {
        Optional<String> inline = env.optional(JWT_PUBLIC_KEY);
        if (inline.isPresent()) {
            return inline;
        }
        return env.optional(JWT_PUBLIC_KEY_FILE).map(file -> {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException(JWT_PUBLIC_KEY_FILE + "='" + file + "' cannot be read: " + e.getMessage());
            }
        });
    }

    @Override
    public String toString() {
        return "RouterConfig[port=" + httpPort + ", routerId=" + routerId + ", deadline=" + sessionDeadline
                + ", claimTimeout=" + claimTimeout + ", limits=" + limits + ", auth="
                + (jwtPublicKey.isPresent() ? "jwt " + jwtAlgorithm : apiKeys.isEmpty() ? "none" : "api keys")
                + ", kafka=" + kafka.bootstrap() + " prefix '" + kafka.topics().prefix() + "']";
    }
}
