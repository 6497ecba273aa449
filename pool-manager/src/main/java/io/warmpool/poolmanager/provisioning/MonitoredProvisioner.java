package io.warmpool.poolmanager.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Provisioner} that remembers why it last failed, so that a pool manager that cannot
 * provision says so (readiness, {@code /api/pools}) instead of exiting or looking idle. A listing's
 * failure stands until a listing succeeds, a spawn's until a spawn succeeds: an engine that answers
 * again but lacks the bot image is still a problem.
 *
 * <p>Until the runtime has answered a listing once, a failed listing is taken as "no bot known":
 * the provisioner then starts anyway, and every deficit it cannot serve is answered with a
 * {@code bot.spawn.failed} that names the cause. Once a listing succeeded, failures propagate, so
 * a passing outage never makes known bots look gone.
 */
public final class MonitoredProvisioner implements Provisioner {
    private final Provisioner delegate;
    private final AtomicReference<String> listProblem = new AtomicReference<>();
    private final AtomicReference<String> spawnProblem = new AtomicReference<>();
    private volatile boolean listedOnce;

    public MonitoredProvisioner(Provisioner delegate) {
        this.delegate = delegate;
    }

    /** Why this provisioner cannot provision now, if it cannot. */
    public Optional<String> problem() {
        return Optional.ofNullable(spawnProblem.get()).or(() -> Optional.ofNullable(listProblem.get()));
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
        try {
            ManagedBot bot = delegate.spawn(spec);
            spawnProblem.set(null);
            return bot;
        } catch (ProvisioningException e) {
            spawnProblem.set(e.getMessage());
            throw e;
        }
    }

    @Override
    public List<ManagedBot> list() throws ProvisioningException {
        try {
            List<ManagedBot> bots = delegate.list();
            listProblem.set(null);
            listedOnce = true;
            return bots;
        } catch (ProvisioningException e) {
            listProblem.set(e.getMessage());
            if (!listedOnce) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public void stop(String botId, Duration grace) throws ProvisioningException {
        delegate.stop(botId, grace);
    }

    @Override
    public void remove(String botId) throws ProvisioningException {
        delegate.remove(botId);
    }

    @Override
    public Optional<SelfWarmingProvisioner> selfWarming() {
        return delegate.selfWarming();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
