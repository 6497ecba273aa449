package io.warmpool.poolmanager.app;

import io.warmpool.runtime.config.Env;
import java.util.Optional;

/**
 * Everything the pool manager reads from its environment, read once in {@code main}: the
 * allocator's settings and, when this process provisions, the provisioner's.
 */
public record PoolManagerSetup(PoolManagerConfig config, Optional<ProvisionerConfig> provisioning) {
    public PoolManagerSetup {
        if (config.roles().contains(Role.PROVISIONER) != provisioning.isPresent()) {
            throw new IllegalArgumentException("provisioner settings are given exactly when the provisioner role is: "
                    + config.roles());
        }
    }

    public static PoolManagerSetup from(Env env) {
        PoolManagerConfig config = PoolManagerConfig.from(env);
        return new PoolManagerSetup(config, config.roles().contains(Role.PROVISIONER)
                ? Optional.of(ProvisionerConfig.from(env)) : Optional.empty());
    }
}
