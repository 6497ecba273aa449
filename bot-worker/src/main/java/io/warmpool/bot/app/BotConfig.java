package io.warmpool.bot.app;

import io.warmpool.bot.engine.OpenAiSettings;
import io.warmpool.bot.http.ChatSocket;
import io.warmpool.events.PodRef;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.claim.ClaimKeys;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything a bot is told at start, read once from the environment and validated; a bad value
 * stops the bot with a {@link ConfigException} naming the variable. {@code provisionId} and
 * {@code openai} may be null.
 */
public record BotConfig(KafkaSettings kafka, String botId, String pool, String provisionId, String host, int port,
                        ClaimKeys claimKeys, Duration warmup, Duration heartbeatInterval, boolean reuse,
                        EngineKind engine, OpenAiSettings openai, Duration tokenDelay, Duration idleTimeout,
                        Duration drainTimeout, int maxMessageBytes, Duration routerPing, PodRef pod,
                        int rehearsals) {

    public static final String BOT_ID = "WARMPOOL_BOT_ID";
    public static final String POOL = "WARMPOOL_POOL";
    public static final String PROVISION_ID = "WARMPOOL_PROVISION_ID";
    public static final String HOST = "WARMPOOL_BOT_HOST";
    public static final String PORT = "WARMPOOL_BOT_PORT";
    public static final String CLAIM_KEY = "WARMPOOL_CLAIM_KEY";
    /** During a key rotation, the key routers signed with until now; claims under it are still accepted. */
    public static final String CLAIM_KEY_PREVIOUS = "WARMPOOL_CLAIM_KEY_PREVIOUS";
    public static final String WARMUP_MS = "WARMPOOL_BOT_WARMUP_MS";
    /** Chats the bot holds with itself before its first heartbeat, so that its first user meets warm code. */
    public static final String REHEARSALS = "WARMPOOL_BOT_REHEARSALS";
    public static final String HEARTBEAT_MS = "WARMPOOL_HEARTBEAT_MS";
    public static final String REUSE = "WARMPOOL_BOT_REUSE";
    public static final String ENGINE = "WARMPOOL_BOT_ENGINE";
    public static final String OPENAI_BASE_URL = "WARMPOOL_OPENAI_BASE_URL";
    public static final String OPENAI_MODEL = "WARMPOOL_OPENAI_MODEL";
    public static final String OPENAI_API_KEY = "WARMPOOL_OPENAI_API_KEY";
    public static final String TOKEN_DELAY_MS = "WARMPOOL_RULES_TOKEN_DELAY_MS";
    public static final String IDLE_TIMEOUT_MS = "WARMPOOL_BOT_IDLE_TIMEOUT_MS";
    public static final String DRAIN_TIMEOUT_MS = "WARMPOOL_BOT_DRAIN_TIMEOUT_MS";
    public static final String MAX_MESSAGE_BYTES = "WARMPOOL_BOT_MAX_MESSAGE_BYTES";
    /** The bot pings its router's socket this often; two unanswered intervals end the session (router gone). */
    public static final String ROUTER_PING_MS = "WARMPOOL_BOT_ROUTER_PING_MS";
    /** Set by the kubernetes provisioner's pod template from the Downward API. */
    public static final String POD_NAME = "WARMPOOL_POD_NAME";
    public static final String POD_NAMESPACE = "WARMPOOL_POD_NAMESPACE";

    private static final Duration HOUR = Duration.ofHours(1);

    public static BotConfig from(Env env) {
        String provisionId = env.optional(PROVISION_ID).map(v -> env.id(PROVISION_ID, v)).orElse(null);
        EngineKind engine = env.choice(ENGINE, EngineKind.class, EngineKind.RULES);
        return new BotConfig(
                KafkaSettings.from(env),
                env.id(BOT_ID, "bot-" + UUID.randomUUID().toString().substring(0, 8)),
                env.id(POOL, "default"),
                provisionId,
                advertisedHost(env),
                env.integer(PORT, 0, 0, 65535),
                claimKeys(env),
                env.millis(WARMUP_MS, Duration.ofSeconds(3), Duration.ZERO, HOUR),
                env.millis(HEARTBEAT_MS, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1)),
                env.bool(REUSE, false),
                engine,
                engine == EngineKind.OPENAI ? openai(env) : null,
                env.millis(TOKEN_DELAY_MS, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(10)),
                env.millis(IDLE_TIMEOUT_MS, Duration.ofMinutes(5), Duration.ofMillis(10), Duration.ofDays(1)),
                env.millis(DRAIN_TIMEOUT_MS, Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                env.integer(MAX_MESSAGE_BYTES, 64 * 1024, 256, 16 * 1024 * 1024),
                env.millis(ROUTER_PING_MS, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(10)),
                pod(env),
                env.integer(REHEARSALS, 3, 0, 1000));
    }

    /** What a chat socket is allowed, the same for every session the bot serves. */
    public ChatSocket.Limits chatLimits() {
        return new ChatSocket.Limits(idleTimeout, maxMessageBytes, routerPing);
    }

    /** The bot's pod when both Downward API variables are set; one without the other is a mistake. */
    private static PodRef pod(Env env) {
        var name = env.optional(POD_NAME);
        var namespace = env.optional(POD_NAMESPACE);
        if (name.isPresent() != namespace.isPresent()) {
            throw new ConfigException(POD_NAME + " and " + POD_NAMESPACE + " go together: only "
                    + (name.isPresent() ? POD_NAME : POD_NAMESPACE) + " is set");
        }
        try {
            return name.map(n -> new PodRef(n, namespace.get())).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(POD_NAME + "/" + POD_NAMESPACE + ": " + e.getMessage());
        }
    }

    private static ClaimKeys claimKeys(Env env) {
        ClaimKey current = key(CLAIM_KEY, env.secret(CLAIM_KEY, "the secret shared with the routers, to check their claims"));
        ClaimKey previous = env.optional(CLAIM_KEY_PREVIOUS).map(s -> key(CLAIM_KEY_PREVIOUS, s)).orElse(null);
        return new ClaimKeys(current, previous);
    }

    private static ClaimKey key(String name, String secret) {
        try {
            return ClaimKey.of(secret);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is too short: " + e.getMessage());
        }
    }

    private static OpenAiSettings openai(Env env) {
        String baseUrl = env.text(OPENAI_BASE_URL, "https://api.openai.com/v1");
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OPENAI_BASE_URL + "='" + baseUrl + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(OPENAI_BASE_URL + "='" + baseUrl + "' is not an http(s) URL");
        }
        String model = env.required(OPENAI_MODEL, "the model to ask when " + ENGINE + "=openai");
        return new OpenAiSettings(baseUrl, model, env.optional(OPENAI_API_KEY).orElse(null));
    }

    /**
     * {@code auto} advertises this machine's first non-loopback IPv4 address: a container's
     * address on its Docker network, which its provisioner cannot know before it starts.
     */
    private static String advertisedHost(Env env) {
        String host = env.optional(HOST).orElseGet(BotConfig::localHostName);
        if (!host.equalsIgnoreCase("auto")) {
            return host;
        }
        try {
            return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(BotConfig::isUp)
                    .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst()
                    .orElseThrow(() -> new ConfigException(HOST + "=auto but this machine has no non-loopback IPv4 address"));
        } catch (java.net.SocketException e) {
            throw new ConfigException(HOST + "=auto but the network interfaces cannot be read: " + e.getMessage());
        }
    }

    private static boolean isUp(java.net.NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private static String localHostName() {
        try {
            return Optional.ofNullable(InetAddress.getLocalHost().getHostName()).orElse("127.0.0.1");
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
