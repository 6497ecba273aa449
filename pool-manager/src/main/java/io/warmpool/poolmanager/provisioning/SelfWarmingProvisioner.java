package io.warmpool.poolmanager.provisioning;

import java.util.Optional;

/**
 * A runtime that keeps each pool's warm bots itself instead of starting them one by one: on
 * Kubernetes a Deployment holds the warm pods and replaces a pod the moment it is taken out of the
 * Deployment (the label method). The provisioner service then answers a deficit by sizing the
 * pool, and tells the runtime of every assignment (which takes the bot out of the warm set, so the
 * runtime starts the replacement) and of every session end (the bot is retired or returned). Calls
 * may block; they run off the event loop and may repeat (an event read twice): implementations are
 * idempotent.
 */
public interface SelfWarmingProvisioner extends Provisioner {

    @Override
    default Optional<SelfWarmingProvisioner> selfWarming() {
        return Optional.of(this);
    }

    /**
     * Keeps at least {@code target} bots warm (READY or starting) for {@code pool}, within the pool's
     * {@code maxBots}; {@code target} is the deficit's {@code minReady + queued}, emitted at {@code at}.
     */
    void resize(String pool, int target, long at) throws ProvisioningException;

    /**
     * Keeps no more than {@code target} bots warm: the pool's status at {@code at} ({@code pool.status},
     * every second), so a burst's extra bots go once its queue is gone. A status older than the
     * latest deficit is stale and ignored; a pool this runtime does not serve is ignored.
     */
    void settle(String pool, int target, long at) throws ProvisioningException;

    /** The allocator gave {@code botId} to {@code sessionId}: take it out of the warm set. */
    void assigned(String pool, String botId, String sessionId) throws ProvisioningException;

    /** The session on {@code botId} ended: retire the bot or return it to the warm set, per the pool's policy. */
    void sessionEnded(String pool, String botId, String sessionId) throws ProvisioningException;
}
