package io.warmpool.poolmanager.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where bots run: child processes, Docker containers, later Kubernetes pods. Every call may block
 * on process or engine I/O, so the provisioner service calls them off the event loop, several at a
 * time (spawns side by side, a stop or a listing meanwhile): implementations are thread-safe.
 */
public interface Provisioner extends AutoCloseable {

    /** A short name for logs and metrics: {@code process}, {@code docker}. */
    String kind();

    /** Starts one bot and returns once the runtime accepted it; READY comes later, by heartbeat. */
    ManagedBot spawn(BotSpec spec) throws ProvisioningException;

    /** Stops a bot: a graceful signal first, forced after {@code grace}. An unknown bot is no error. */
    void stop(String botId, Duration grace) throws ProvisioningException;

    /** Removes what is left of an exited bot (a reaped process, a stopped container). */
    void remove(String botId) throws ProvisioningException;

    /**
     * Every bot this runtime holds that carries the managed marker, running or exited, including
     * bots started by an earlier run of the provisioner (they are adopted or removed by reconcile).
     */
    List<ManagedBot> list() throws ProvisioningException;

    /** The runtime's own warm-keeping, when it has one (Kubernetes' label method); seen through wrappers. */
    default Optional<SelfWarmingProvisioner> selfWarming() {
        return Optional.empty();
    }

    /** Stops every bot this provisioner runs (pool-manager shutdown), then releases the runtime. */
    @Override
    void close();
}
