package io.warmpool.testkit;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine for tests that need one: found through {@code DOCKER_HOST} (or the Docker context),
 * else {@code unix:///var/run/docker.sock}. Tests without an engine are skipped, or failed when the
 * environment sets {@code WARMPOOL_REQUIRE_DOCKER=1} or {@code CI=true}, so that a missing engine cannot
 * pass silently.
 */
public final class DockerEngine {

    static final String REQUIRE_ENV = "WARMPOOL_REQUIRE_DOCKER";

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

    private static Boolean available;
    private static DockerClient client;

    private DockerEngine() {
    }

    /** Whether the engine answers a ping; asked once per JVM. */
    public static synchronized boolean available() {
        if (available == null) {
            available = answers(config(), PING_TIMEOUT);
            LOG.info("Docker engine at {} {}", host(), available ? "answers" : "does not answer");
        }
        return available;
    }

    /** A shared client (no response timeout, for long calls such as pulls and waits); do not close it. */
    public static synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = config();
            client = DockerClientImpl.getInstance(config, httpClient(config, null));
        }
        return client;
    }

    /** Skips the calling test when no engine answers, or fails it if {@code WARMPOOL_REQUIRE_DOCKER=1}. */
    public static void assumeAvailable() {
        decision().enforce();
    }

    static Decision decision() {
        // CI=true requires the engine as WARMPOOL_REQUIRE_DOCKER=1 does, as it already requires the browser.
        String required = "true".equals(System.getenv("CI")) ? "1" : System.getenv(REQUIRE_ENV);
        return Decision.of(available(), required, host());
    }

    static boolean answers(DockerClientConfig config, Duration timeout) {
        try (DockerClient docker = DockerClientImpl.getInstance(config, httpClient(config, timeout))) {
            docker.pingCmd().exec();
            return true;
        } catch (Exception e) {
            LOG.debug("no Docker engine at {}", config.getDockerHost(), e);
            return false;
        }
    }

    private static String host() {
        return config().getDockerHost().toString();
    }

    // The API version is left unset (unless DOCKER_API_VERSION says otherwise): the engine then speaks its own.
    private static DockerClientConfig config() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    }

    private static ZerodepDockerHttpClient httpClient(DockerClientConfig config, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT);
        return responseTimeout == null ? builder.build() : builder.responseTimeout(responseTimeout).build();
    }

    enum Verdict { RUN, SKIP, FAIL }

    /** What a test that needs Docker should do; a pure value so the policy is tested without an engine. */
    record Decision(Verdict verdict, String reason) {

        static Decision of(boolean engineAnswers, String requireFlag, String host) {
            if (engineAnswers) {
                return new Decision(Verdict.RUN, "Docker engine answers at " + host);
            }
            if ("1".equals(requireFlag)) {
                return new Decision(Verdict.FAIL, REQUIRE_ENV + "=1 but no Docker engine answers at " + host);
            }
            return new Decision(Verdict.SKIP, "no Docker engine answers at " + host
                    + " (set " + REQUIRE_ENV + "=1 to fail instead of skipping)");
        }

        /** Inside a test: aborts (skips) it or fails it unless the engine answers. */
        void enforce() {
            switch (verdict) {
                case FAIL -> Assertions.fail(reason);
                case SKIP -> Assumptions.abort(reason);
                case RUN -> { }
            }
        }

        /** For {@link RequiresDocker}: disabled reads as skipped; failing must throw, a condition cannot fail. */
        ConditionEvaluationResult asCondition() {
            return switch (verdict) {
                case RUN -> ConditionEvaluationResult.enabled(reason);
                case SKIP -> ConditionEvaluationResult.disabled(reason);
                case FAIL -> Assertions.fail(reason);
            };
        }
    }
}
