package io.warmpool.poolmanager.provisioning;

/**
 * A call lost a race about one bot (another writer changed it first, it was gone meanwhile, another
 * session holds it): the runtime answered, so this says nothing about the provisioner's health.
 */
public class ProvisioningConflict extends ProvisioningException {
    public ProvisioningConflict(String message) {
        super(message);
    }

    public ProvisioningConflict(String message, Throwable cause) {
        super(message, cause);
    }
}
