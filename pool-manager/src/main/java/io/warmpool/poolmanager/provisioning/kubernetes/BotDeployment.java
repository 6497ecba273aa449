package io.warmpool.poolmanager.provisioning.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a pool's Deployment of warm bot pods from a pod template: the user's PodTemplate when
 * there is one, else {@link #defaultTemplate}. Whatever the template, the pods get the pool's
 * labels (the Deployment's selector) and the environment that ties a bot to its pod: its bot id is
 * the pod's name, its provisionId the pod's uid, and it advertises the pod's IP (Downward API); the
 * claim key comes from a Secret.
 */
public final class BotDeployment {
    /** The bot's HTTP port in a pod: chat, health and metrics. */
    public static final int BOT_PORT = 8090;

    private BotDeployment() {
    }

    /**
     * @param botEnv what every bot inherits from the provisioner (Kafka, heartbeat, engine settings);
     *               the template's own values win
     */
    public static Deployment forPool(String pool, int replicas, boolean reuse, PodTemplateSpec template,
                                     KubernetesSettings settings, Map<String, String> botEnv) {
        Map<String, String> podLabels = new HashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        podLabels.putAll(BotLabels.warm(pool));
        List<Container> containers = new ArrayList<>(template.getSpec().getContainers());
        containers.set(0, withBotEnv(containers.get(0), pool, reuse, settings, botEnv));
        PodTemplateSpec pods = new PodTemplateSpecBuilder(template)
                .editOrNewMetadata().withLabels(podLabels).endMetadata()
                .editSpec().withContainers(containers).endSpec()
                .build();
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(BotLabels.deploymentName(pool))
                    .addToLabels(BotLabels.NAME, BotLabels.BOT)
                    .addToLabels(BotLabels.POOL, pool)
                    .addToLabels(BotLabels.CREATED_BY, BotLabels.POOL_MANAGER)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(BotLabels.warm(pool)).endSelector()
                    .withTemplate(pods)
                .endSpec()
                .build();
    }

    /** True if {@code selector} holds every label of the label method: relabelled pods leave such a Deployment. */
    public static boolean selectsWarmPods(Map<String, String> selector, String pool) {
        return selector != null && selector.entrySet().containsAll(BotLabels.warm(pool).entrySet());
    }

    /**
     * The built-in bot pod: probes on the bot's health endpoints, requests and limits, and the same
     * hardening as the bot containers (non-root, no privilege escalation, no capabilities, read-only
     * root filesystem with a small writable /tmp).
     */
    public static PodTemplateSpec defaultTemplate(String image) {
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                    .withTerminationGracePeriodSeconds(15L)
                    .withAutomountServiceAccountToken(false)
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .addNewVolume().withName("tmp").withNewEmptyDir().withMedium("Memory")
                        .withSizeLimit(new Quantity("64Mi")).endEmptyDir().endVolume()
                    .addToContainers(new ContainerBuilder()
                        .withName("bot")
                        .withImage(image)
                        .withImagePullPolicy("IfNotPresent")
                        .addNewPort().withName("http").withContainerPort(BOT_PORT).endPort()
                        .withReadinessProbe(probe("/health/ready", 2, 2))
                        .withLivenessProbe(probe("/health/live", 20, 10))
                        .withNewResources()
                            .addToRequests("cpu", new Quantity("100m"))
                            .addToRequests("memory", new Quantity("256Mi"))
                            .addToLimits("cpu", new Quantity("1"))
                            .addToLimits("memory", new Quantity("384Mi"))
                        .endResources()
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withReadOnlyRootFilesystem(true)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .endSecurityContext()
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .build())
                .endSpec()
                .build();
    }

    private static Probe probe(String path, int initialDelay, int period) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withNewPort("http").endHttpGet()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withFailureThreshold(3).build();
    }

    private static Container withBotEnv(Container bot, String pool, boolean reuse, KubernetesSettings settings,
                                        Map<String, String> botEnv) {
        List<EnvVar> env = new ArrayList<>(bot.getEnv() == null ? List.of() : bot.getEnv());
        Set<String> given = env.stream().map(EnvVar::getName).collect(Collectors.toSet());
        List<EnvVar> added = new ArrayList<>();
        added.add(field("WARMPOOL_BOT_ID", "metadata.name"));
        added.add(field("WARMPOOL_PROVISION_ID", "metadata.uid"));
        added.add(field("WARMPOOL_POD_NAME", "metadata.name"));
        added.add(field("WARMPOOL_POD_NAMESPACE", "metadata.namespace"));
        added.add(field("WARMPOOL_BOT_HOST", "status.podIP"));
        added.add(new EnvVar("WARMPOOL_BOT_PORT", Integer.toString(BOT_PORT), null));
        added.add(new EnvVar("WARMPOOL_POOL", pool, null));
        added.add(new EnvVar("WARMPOOL_BOT_REUSE", Boolean.toString(reuse), null));
        added.add(new EnvVarBuilder().withName("WARMPOOL_CLAIM_KEY").withNewValueFrom().withNewSecretKeyRef()
                .withName(settings.claimSecret()).withKey(KubernetesSettings.CLAIM_SECRET_KEY).endSecretKeyRef()
                .endValueFrom().build());
        botEnv.entrySet().stream()
                .filter(e -> !e.getKey().equals("WARMPOOL_CLAIM_KEY") && !e.getKey().equals("WARMPOOL_BOT_REUSE"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> added.add(new EnvVar(e.getKey(), e.getValue(), null)));
        added.stream().filter(e -> !given.contains(e.getName())).forEach(env::add);
        return new ContainerBuilder(bot).withEnv(env).build();
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }
}
