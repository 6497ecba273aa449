package io.warmpool.poolmanager.provisioning.kubernetes;

import io.warmpool.runtime.config.Env;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kubernetes provisioner's settings, read once from the environment.
 *
 * @param kubeconfig    {@code WARMPOOL_KUBECONFIG}: a kubeconfig file for development; unset, the client
 *                      configures itself (in a pod: the pod's service account; elsewhere {@code KUBECONFIG}
 *                      or {@code ~/.kube/config})
 * @param namespace     {@code WARMPOOL_KUBERNETES_NAMESPACE}: where the bot pods run (default: the client's
 *                      namespace, which in a pod is the pod's own)
 * @param podTemplate   {@code WARMPOOL_KUBERNETES_POD_TEMPLATE} (default {@code warmpool-bot}): a PodTemplate
 *                      in that namespace to build each pool's Deployment from; if there is none, a built-in one
 * @param image         {@code WARMPOOL_BOT_IMAGE} (default {@code warmpool/bot-worker:dev}): the built-in
 *                      template's image
 * @param claimSecret   {@code WARMPOOL_KUBERNETES_CLAIM_SECRET} (default {@code warmpool-claim-key}): the Secret
 *                      whose key {@code claim-key} the bots read as {@code WARMPOOL_CLAIM_KEY}
 */
public record KubernetesSettings(Optional<Path> kubeconfig, Optional<String> namespace, String podTemplate,
                                 String image, String claimSecret) {
    public static final String DEFAULT_IMAGE = "warmpool/bot-worker:dev";
    public static final String CLAIM_SECRET_KEY = "claim-key";

    public static KubernetesSettings from(Env env) {
        return new KubernetesSettings(
                env.optional("WARMPOOL_KUBECONFIG").map(Path::of),
                env.optional("WARMPOOL_KUBERNETES_NAMESPACE"),
                env.text("WARMPOOL_KUBERNETES_POD_TEMPLATE", "warmpool-bot"),
                env.text("WARMPOOL_BOT_IMAGE", DEFAULT_IMAGE),
                env.text("WARMPOOL_KUBERNETES_CLAIM_SECRET", "warmpool-claim-key"));
    }
}
