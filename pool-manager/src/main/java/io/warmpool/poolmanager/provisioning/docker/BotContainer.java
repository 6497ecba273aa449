package io.warmpool.poolmanager.provisioning.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.warmpool.poolmanager.provisioning.BotSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container a {@link BotSpec} becomes: name, labels, environment and a hardened host config.
 * Pure values, so the hardening is checked without an engine.
 */
record BotContainer(String name, Map<String, String> labels, List<String> env, String user, HostConfig hostConfig) {

    static final String MANAGED = "warmpool.managed";
    static final String POOL = "warmpool.pool";
    static final String PROVISION_ID = "warmpool.provisionId";
    static final String BOT_ID = "warmpool.botId";
    static final String INSTALLATION = "warmpool.installation";

    static BotContainer of(BotSpec spec, DockerSettings settings) {
        return new BotContainer(name(spec.botId()), labels(spec, settings), env(spec, settings), settings.user(),
                hostConfig(settings, settings.limitsFor(spec.pool())));
    }

    /** Docker names allow {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}; a botId may also hold ':'. */
    static String name(String botId) {
        return "warmpool-bot-" + botId.replace(':', '_');
    }

    private static Map<String, String> labels(BotSpec spec, DockerSettings settings) {
        return Map.of(MANAGED, "true", INSTALLATION, settings.installation(), POOL, spec.pool(),
                PROVISION_ID, spec.provisionId(), BOT_ID, spec.botId());
    }

    /** The labels every container of this installation carries: what the provisioner lists by. */
    static Map<String, String> ours(DockerSettings settings) {
        return Map.of(MANAGED, "true", INSTALLATION, settings.installation());
    }

    // The bot advertises its own address on the bots' network ("auto") and listens on the port the
    // image's HEALTHCHECK probes; both override whatever the spec carries.
    private static List<String> env(BotSpec spec, DockerSettings settings) {
        Map<String, String> env = new TreeMap<>(spec.env());
        env.put("WARMPOOL_BOT_HOST", "auto");
        env.put("WARMPOOL_BOT_PORT", Integer.toString(settings.botPort()));
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static HostConfig hostConfig(DockerSettings settings, BotLimits limits) {
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                // Not noexec: Kafka's compression codecs unpack native libraries into /tmp and load them.
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + settings.tmpfsSize()))
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus())
                .withCpuShares(settings.cpuShares())
                .withPidsLimit(limits.pids());
        return settings.network().map(host::withNetworkMode).orElse(host);
    }
}
