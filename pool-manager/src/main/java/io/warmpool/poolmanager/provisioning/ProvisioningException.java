package io.warmpool.poolmanager.provisioning;

/**
 * A runtime could not do what was asked. The message is what {@code bot.spawn.failed} carries, so
 * it says what an operator should look at (engine unreachable, image missing, out of resources).
 */
public class ProvisioningException extends Exception {
    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
