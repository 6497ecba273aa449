package io.warmpool.poolmanager.provisioning.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.Provisioner;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bots as Docker containers, through docker-java: one hardened, labelled container per bot on the
 * bots' network (see {@link BotContainer}). Every call blocks on the engine, within the client's
 * timeouts; the provisioner service calls them off the event loop.
 */
public final class DockerProvisioner implements Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProvisioner.class);

    private final DockerClient docker;
    private final DockerSettings settings;
    private final Clock clock;
    /** Bots this instance started: what {@link #close()} removes when the engine cannot list its containers. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    DockerProvisioner(DockerClient docker, DockerSettings settings, Clock clock) {
        this.docker = docker;
        this.settings = settings;
        this.clock = clock;
    }

    /** The provisioner for {@code WARMPOOL_PROVISIONER=docker}, with its own client (one per process). */
    public static DockerProvisioner create(DockerSettings settings) {
        return new DockerProvisioner(client(settings), settings, Clock.systemUTC());
    }

    // No API version unless DOCKER_API_VERSION names one: the engine then speaks its own (1.41 on Debian 12's
    // 20.10), where a forced newer version would be refused.
    private static DockerClient client(DockerSettings settings) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(settings.dockerHost());
        settings.apiVersion().ifPresent(builder::withApiVersion);
        DockerClientConfig config = builder.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.responseTimeout())
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String kind() {
        return "docker";
    }

    @Override
    public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
        BotContainer c = BotContainer.of(spec, settings);
        String id = call("create bot container " + c.name(), () -> docker.createContainerCmd(settings.image())
                .withName(c.name())
                .withLabels(c.labels())
                .withEnv(c.env())
                .withUser(c.user())
                .withHostConfig(c.hostConfig())
                .exec().getId());
        try {
            call("start bot container " + c.name(), () -> docker.startContainerCmd(id).exec());
        } catch (ProvisioningException e) {
            removeQuietly(id);
            throw e;
        }
        started.add(spec.botId());
        LOG.info("started container {} ({}) for bot {} of pool {}", c.name(), id.substring(0, 12), spec.botId(),
                spec.pool());
        return new ManagedBot(spec.botId(), spec.pool(), spec.provisionId(), true, clock.millis());
    }

    @Override
    public void stop(String botId, Duration grace) throws ProvisioningException {
        int seconds = (int) Math.max(0, settings.cappedGrace(grace).toSeconds());
        for (Container c : containersOf(botId)) {
            if ("running".equals(c.getState())) {
                try {
                    call("stop bot container " + c.getId(), () -> docker.stopContainerCmd(c.getId())
                            .withTimeout(seconds).exec());
                } catch (ProvisioningException e) {
                    if (!gone(e)) {
                        throw e;
                    }
                }
            }
            removeContainer(c.getId());
        }
        started.remove(botId);
    }

    @Override
    public void remove(String botId) throws ProvisioningException {
        for (Container c : containersOf(botId)) {
            removeContainer(c.getId());
        }
        started.remove(botId);
    }

    @Override
    public List<ManagedBot> list() throws ProvisioningException {
        return containers(BotContainer.ours(settings)).stream()
                .filter(c -> c.getLabels() != null && c.getLabels().containsKey(BotContainer.BOT_ID))
                .map(DockerProvisioner::bot)
                .toList();
    }

    /**
     * Stops (SIGTERM, then SIGKILL after the grace) and removes, in parallel, every bot of this
     * installation on the engine, adopted ones included: {@code docker-compose down} must leave none
     * behind. Another installation's bots (another {@code WARMPOOL_INSTALLATION}) are not touched.
     */
    @Override
    public void close() {
        List<String> bots;
        try {
            bots = list().stream().map(ManagedBot::botId).toList();
        } catch (ProvisioningException e) {
            LOG.warn("cannot list the bots to remove on shutdown ({}); removing the ones started here", e.getMessage());
            bots = List.copyOf(started);
        }
        if (!bots.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(bots.size(), 8));
            try {
                CompletableFuture.allOf(bots.stream().map(botId -> CompletableFuture.runAsync(() -> {
                    try {
                        stop(botId, settings.stopGrace());
                    } catch (ProvisioningException e) {
                        LOG.warn("could not remove bot {} on shutdown: {}", botId, e.getMessage());
                    }
                }, pool)).toArray(CompletableFuture[]::new)).join();
            } finally {
                pool.shutdown();
            }
            LOG.info("removed {} bot container(s) on shutdown", bots.size());
        }
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client", e);
        }
    }

    private static ManagedBot bot(Container c) {
        Map<String, String> labels = c.getLabels();
        long createdMs = c.getCreated() == null ? 0 : c.getCreated() * 1000;
        return new ManagedBot(labels.get(BotContainer.BOT_ID), labels.getOrDefault(BotContainer.POOL, ""),
                labels.getOrDefault(BotContainer.PROVISION_ID, ""), "running".equals(c.getState()), createdMs);
    }

    private List<Container> containersOf(String botId) throws ProvisioningException {
        Map<String, String> labels = new HashMap<>(BotContainer.ours(settings));
        labels.put(BotContainer.BOT_ID, botId);
        return containers(labels);
    }

    private List<Container> containers(Map<String, String> labels) throws ProvisioningException {
        return call("list bot containers", () -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(labels).exec());
    }

    private void removeContainer(String id) throws ProvisioningException {
        try {
            call("remove bot container " + id, () -> docker.removeContainerCmd(id).withForce(true).exec());
        } catch (ProvisioningException e) {
            if (!gone(e)) {
                throw e;
            }
        }
    }

    private void removeQuietly(String id) {
        try {
            removeContainer(id);
        } catch (ProvisioningException e) {
            LOG.warn("could not remove container {} that failed to start: {}", id, e.getMessage());
        }
    }

    // Someone else (docker rm, a concurrent reconcile) got there first: the goal is reached.
    private static boolean gone(ProvisioningException e) {
        return e.getCause() instanceof NotFoundException || e.getCause() instanceof NotModifiedException;
    }

    private <T> T call(String action, Supplier<T> request) throws ProvisioningException {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw DockerFailures.translate(action, settings.dockerHost(), settings.image(), e);
        }
    }

    private void call(String action, Runnable request) throws ProvisioningException {
        call(action, () -> {
            request.run();
            return null;
        });
    }
}
