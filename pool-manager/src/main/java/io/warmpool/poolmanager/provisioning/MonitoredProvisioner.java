package io.warmpool.poolmanager.provisioning;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Provisioner} that remembers why it last failed, so that a pool manager that cannot
 * provision says so (readiness, {@code /api/pools}) instead of exiting or looking idle. Each kind of
 * call keeps its own failure until that call succeeds again: an engine that answers listings again
 * but lacks the bot image is still a problem, and so is an API that lists pods but may not relabel
 * them. Spawns and resizes are retried by the allocator's deficits, listings by every reconcile,
 * settles by every {@code pool.status}; a failed relabel or return stands until the next one
 * succeeds. A {@link ProvisioningConflict} (a race about one bot) is no problem and clears none.
 *
 * <p>Until the runtime has answered a listing once, a failed listing is taken as "no bot known":
 * the provisioner then starts anyway, and every deficit it cannot serve is answered with a
 * {@code bot.spawn.failed} that names the cause. Once a listing succeeded, failures propagate, so
 * a passing outage never makes known bots look gone.
 */
public final class MonitoredProvisioner implements Provisioner {
    /** The calls whose failures are remembered, in the order {@link #problem()} reports them. */
    enum Call { SPAWN, RESIZE, ASSIGN, RETURN, SETTLE, LIST }

    private final Provisioner delegate;
    private final Optional<SelfWarmingProvisioner> warming;
    private final Map<Call, String> problems = new ConcurrentHashMap<>();
    private volatile boolean listedOnce;

    public MonitoredProvisioner(Provisioner delegate) {
        this.delegate = delegate;
        this.warming = delegate.selfWarming().map(MonitoredWarming::new);
    }

    /** Why this provisioner cannot provision now, if it cannot. */
    public Optional<String> problem() {
        return Arrays.stream(Call.values()).map(problems::get).filter(Objects::nonNull).findFirst();
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
        return watched(Call.SPAWN, () -> delegate.spawn(spec));
    }

    @Override
    public List<ManagedBot> list() throws ProvisioningException {
        try {
            List<ManagedBot> bots = watched(Call.LIST, delegate::list);
            listedOnce = true;
            return bots;
        } catch (ProvisioningException e) {
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

    /** The runtime's own warm-keeping, its calls watched like spawns. */
    @Override
    public Optional<SelfWarmingProvisioner> selfWarming() {
        return warming;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T watched(Call call, Attempt<T> attempt) throws ProvisioningException {
        try {
            T result = attempt.run();
            problems.remove(call);
            return result;
        } catch (ProvisioningConflict e) {
            throw e;
        } catch (ProvisioningException e) {
            problems.put(call, e.getMessage());
            throw e;
        }
    }

    private void watched(Call call, Action action) throws ProvisioningException {
        watched(call, () -> {
            action.run();
            return null;
        });
    }

    private interface Attempt<T> {
        T run() throws ProvisioningException;
    }

    private interface Action {
        void run() throws ProvisioningException;
    }

    /** The delegate's {@link SelfWarmingProvisioner}, each call's failure remembered. */
    private final class MonitoredWarming implements SelfWarmingProvisioner {
        private final SelfWarmingProvisioner warm;

        MonitoredWarming(SelfWarmingProvisioner warm) {
            this.warm = warm;
        }

        @Override
        public void resize(String pool, int target, long at) throws ProvisioningException {
            watched(Call.RESIZE, () -> warm.resize(pool, target, at));
        }

        @Override
        public void settle(String pool, int target, long at) throws ProvisioningException {
            watched(Call.SETTLE, () -> warm.settle(pool, target, at));
        }

        @Override
        public void assigned(String pool, String botId, String sessionId) throws ProvisioningException {
            watched(Call.ASSIGN, () -> warm.assigned(pool, botId, sessionId));
        }

        @Override
        public void sessionEnded(String pool, String botId, String sessionId) throws ProvisioningException {
            watched(Call.RETURN, () -> warm.sessionEnded(pool, botId, sessionId));
        }

        @Override
        public String kind() {
            return MonitoredProvisioner.this.kind();
        }

        @Override
        public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
            return MonitoredProvisioner.this.spawn(spec);
        }

        @Override
        public void stop(String botId, Duration grace) throws ProvisioningException {
            MonitoredProvisioner.this.stop(botId, grace);
        }

        @Override
        public void remove(String botId) throws ProvisioningException {
            MonitoredProvisioner.this.remove(botId);
        }

        @Override
        public List<ManagedBot> list() throws ProvisioningException {
            return MonitoredProvisioner.this.list();
        }

        @Override
        public void close() {
            MonitoredProvisioner.this.close();
        }
    }
}
