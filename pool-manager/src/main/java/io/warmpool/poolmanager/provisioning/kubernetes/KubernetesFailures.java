package io.warmpool.poolmanager.provisioning.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.warmpool.poolmanager.provisioning.Causes;
import io.warmpool.poolmanager.provisioning.ProvisioningConflict;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the Kubernetes client throws, and pods that cannot start, into a
 * {@link ProvisioningException} whose message tells an operator what to look at; it becomes the
 * reason in {@code bot.spawn.failed}.
 */
final class KubernetesFailures {
    /** Waiting reasons that do not clear by themselves. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    private KubernetesFailures() {
    }

    /**
     * @param verb      the API verb tried ({@code create}, {@code update}, {@code delete}, ...)
     * @param resource  what it was tried on, e.g. {@code deployments/warmpool-bot-default}
     * @param namespace the namespace
     * @param api       the API server's address
     */
    static ProvisioningException translate(String verb, String resource, String namespace, String api,
                                           KubernetesClientException e) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
        String tried = verb + " " + resource + " in namespace " + namespace;
        return switch (e.getCode()) {
            case 401 -> new ProvisioningException("unauthorized: the Kubernetes API at " + api + " did not accept the"
                    + " pool manager's credentials (" + tried + "): " + detail, e);
            case 403 -> new ProvisioningException("forbidden: the pool manager may not " + verb + " "
                    + resource.replaceAll("/.*", "") + " in namespace " + namespace
                    + " (give its Role the verb '" + verb + "', see infra/kubernetes/pool-manager-rbac.yaml): "
                    + detail, e);
            case 404 -> detail.contains("namespaces \"" + namespace + "\" not found")
                    ? new ProvisioningException("namespace missing: " + namespace + " does not exist (create it, or"
                            + " set WARMPOOL_KUBERNETES_NAMESPACE): " + detail, e)
                    : new ProvisioningException("not found: " + tried + ": " + detail, e);
            case 409 -> new ProvisioningConflict("conflict: " + tried + ": " + detail, e);
            default -> Causes.hasIoCause(e) || e.getCode() == 0
                    ? new ProvisioningException("API unreachable: no Kubernetes API answers at " + api
                            + " (" + tried + "): " + Causes.rootMessage(e), e)
                    : new ProvisioningException("the Kubernetes API refused to " + tried + " (HTTP " + e.getCode()
                            + "): " + detail, e);
        };
    }

    /**
     * The first pod whose bot container waits for a reason that will not clear (a bot that exits at
     * once ends in {@code CrashLoopBackOff}), or has run for {@code readyWithinMs} without passing its
     * readiness probe, as an error.
     */
    static Optional<ProvisioningException> cannotStart(List<Pod> pods, long now, long readyWithinMs) {
        for (Pod pod : pods) {
            List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
            for (ContainerStatus status : statuses == null ? List.<ContainerStatus>of() : statuses) {
                ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
                if (waiting != null && STUCK.contains(waiting.getReason())) {
                    return Optional.of(new ProvisioningException("image cannot start: pod "
                            + pod.getMetadata().getName() + " container " + status.getName() + " (" + status.getImage()
                            + "): " + waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage())
                            + "; check the image name and that the nodes have it (WARMPOOL_BOT_IMAGE or the"
                            + " PodTemplate), and the claim key Secret"));
                }
                ContainerStateRunning running = status.getState() == null ? null : status.getState().getRunning();
                if (running != null && running.getStartedAt() != null && !Boolean.TRUE.equals(status.getReady())
                        && now - Instant.parse(running.getStartedAt()).toEpochMilli() >= readyWithinMs) {
                    return Optional.of(new ProvisioningException("pod never ready: pod " + pod.getMetadata().getName()
                            + " container " + status.getName() + " (" + status.getImage() + ") has run "
                            + (now - Instant.parse(running.getStartedAt()).toEpochMilli()) / 1000
                            + " s without passing its readiness probe (the pool's spawn timeout is "
                            + readyWithinMs / 1000 + " s); check its log (kubectl logs " + pod.getMetadata().getName()
                            + ") and its Kafka settings"));
                }
            }
        }
        return Optional.empty();
    }
}
