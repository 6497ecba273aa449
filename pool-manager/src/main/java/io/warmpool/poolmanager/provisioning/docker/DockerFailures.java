package io.warmpool.poolmanager.provisioning.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.warmpool.poolmanager.provisioning.Causes;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what docker-java throws into a {@link ProvisioningException} whose message tells an operator
 * what to look at; it becomes the reason in {@code bot.spawn.failed}.
 */
final class DockerFailures {

    private static final Pattern OUT_OF_RESOURCES = Pattern.compile(
            "no space left|cannot allocate memory|out of memory|resource temporarily unavailable|too many open files"
                    + "|address pool|no available|insufficient");

    private DockerFailures() {
    }

    /**
     * @param action what was tried, e.g. "create bot container warmpool-bot-x"
     * @param engine where the engine was looked for (DOCKER_HOST)
     * @param image  the bot image, named when the engine does not have it
     */
    static ProvisioningException translate(String action, String engine, String image, RuntimeException e) {
        String detail = String.valueOf(e.getMessage()).trim();
        String lower = detail.toLowerCase(Locale.ROOT);
        if (e instanceof NotFoundException && lower.contains("image")) {
            return new ProvisioningException("image missing: the Docker engine at " + engine + " has no image '" + image
                    + "'; build it with infra/docker/build-images.sh (or docker pull it), or set WARMPOOL_BOT_IMAGE", e);
        }
        if (e instanceof NotFoundException && lower.contains("network")) {
            return new ProvisioningException("network missing: " + action + " failed: " + detail
                    + "; create the network or fix WARMPOOL_DOCKER_NETWORK", e);
        }
        if (e instanceof ConflictException) {
            return new ProvisioningException("conflict: " + action + " failed: " + detail, e);
        }
        if (e instanceof DockerException && OUT_OF_RESOURCES.matcher(lower).find()) {
            return new ProvisioningException("out of resources: the Docker engine at " + engine + " could not "
                    + action + ": " + detail, e);
        }
        if (e instanceof DockerException) {
            return new ProvisioningException("the Docker engine at " + engine + " refused to " + action + ": " + detail, e);
        }
        if (Causes.hasIoCause(e) && Causes.rootMessage(e).toLowerCase(Locale.ROOT).contains("permission denied")) {
            return new ProvisioningException("engine unreachable: permission denied on the Docker socket at " + engine
                    + ": this process's user is not in the socket's group; with docker-compose set DOCKER_GID to it "
                    + "(DOCKER_GID=$(stat -c %g /var/run/docker.sock), or use ./warmpool compose up, which does): "
                    + Causes.rootMessage(e), e);
        }
        if (Causes.hasIoCause(e)) {
            return new ProvisioningException("engine unreachable: no Docker engine answers at " + engine
                    + " (is dockerd running, is the socket mounted, is DOCKER_HOST right?): " + Causes.rootMessage(e), e);
        }
        return new ProvisioningException("could not " + action + " on the Docker engine at " + engine + ": " + detail, e);
    }
}
