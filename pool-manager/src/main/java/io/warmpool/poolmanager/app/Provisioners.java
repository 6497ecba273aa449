package io.warmpool.poolmanager.app;

import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.Provisioner;
import io.warmpool.poolmanager.provisioning.docker.DockerProvisioner;
import io.warmpool.poolmanager.provisioning.kubernetes.KubernetesProvisioner;
import io.warmpool.poolmanager.provisioning.process.BotLaunch;
import io.warmpool.poolmanager.provisioning.process.ProcessProvisioner;
import io.warmpool.runtime.config.ConfigException;
import java.util.Map;

/** Builds the {@link Provisioner} that {@code WARMPOOL_PROVISIONER} names. */
final class Provisioners {
    private Provisioners() {
    }

    static Provisioner create(ProvisionerConfig config, Map<String, PoolPolicy> pools) {
        return switch (config.kind()) {
            case PROCESS -> {
                BotLaunch launch;
                try {
                    launch = BotLaunch.resolve(config.botJar(), config.botJvmOpts());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("WARMPOOL_BOT_JAR: " + e.getMessage());
                }
                try {
                    launch = launch.withNice(config.botNice());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("WARMPOOL_BOT_NICE: " + e.getMessage());
                }
                yield new ProcessProvisioner(config.botDir(), launch, config.stopGrace());
            }
            case DOCKER -> DockerProvisioner.create(config.docker().orElseThrow());
            case KUBERNETES -> KubernetesProvisioner.create(config.kubernetes().orElseThrow(), pools, config.botEnv());
        };
    }
}
