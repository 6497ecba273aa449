package io.warmpool.poolmanager.provisioning.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.ProvisioningConflict;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import io.warmpool.poolmanager.provisioning.SelfWarmingProvisioner;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bots as pods, kept warm by Kubernetes itself with the label method: per pool a Deployment of
 * pods labelled {@code warmpool.io/assigned=not_assigned} (its selector includes that label). An
 * assignment relabels the pod with the session id, with a conditional update (resourceVersion), so
 * the pod leaves the Deployment and the ReplicaSet controller starts its replacement; warmpool
 * creates no pod itself. Deficits with a queue scale the Deployment up ({@link WarmReplicas}); a
 * relabelled pod is deleted when its session ends (retire) or labelled back (reuse). A bot's id is
 * its pod's name and its provisionId its pod's uid (the ReplicaSet's act of creating that pod, which
 * the bot reads through the Downward API and names in every heartbeat). Races about one pod (another
 * writer first, a pod gone meanwhile) are {@link ProvisioningConflict}s; every other failure is the
 * API's or the cluster's, and the pool manager reports it as its provisioning problem.
 */
public final class KubernetesProvisioner implements SelfWarmingProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProvisioner.class);
    /** Conditional updates lost to another writer (the kubelet's status updates bump resourceVersion too). */
    private static final int CONFLICT_RETRIES = 8;

    private final KubernetesClient client;
    private final Clock clock;
    private final KubernetesSettings settings;
    private final String namespace;
    private final Map<String, PoolPolicy> pools;
    private final Map<String, String> botEnv;
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();
    /** Per pool: when the latest deficit was emitted, and the replicas last read or written. */
    private final Map<String, Long> lastDeficitAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> replicas = new ConcurrentHashMap<>();

    /**
     * @param pools  the pools this pool manager serves, by name
     * @param botEnv what every bot inherits (Kafka, heartbeat, engine settings)
     */
    public KubernetesProvisioner(KubernetesClient client, KubernetesSettings settings, Map<String, PoolPolicy> pools,
                                 Map<String, String> botEnv, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.settings = settings;
        this.namespace = settings.namespace().orElseGet(() -> client.getNamespace() == null ? "default"
                : client.getNamespace());
        this.pools = Map.copyOf(pools);
        this.botEnv = Map.copyOf(botEnv);
    }

    /** A client from {@code WARMPOOL_KUBECONFIG}, or configured the usual way (in a pod: its service account). */
    public static KubernetesProvisioner create(KubernetesSettings settings, Map<String, PoolPolicy> pools,
                                               Map<String, String> botEnv) {
        Config config = settings.kubeconfig().map(path -> {
            try {
                return Config.fromKubeconfig(Files.readString(path));
            } catch (IOException | KubernetesClientException e) {
                throw new ConfigException("WARMPOOL_KUBECONFIG: cannot read " + path + ": " + e.getMessage());
            }
        }).orElseGet(() -> Config.autoConfigure(null));
        return new KubernetesProvisioner(new KubernetesClientBuilder().withConfig(config).build(), settings, pools,
                botEnv, Clock.systemUTC());
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    /** The namespace the bot pods run in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
        throw new ProvisioningException("the kubernetes provisioner keeps pools warm with Deployments (resize);"
                + " it starts no single bot (" + spec.botId() + ")");
    }

    @Override
    public void stop(String botId, Duration grace) throws ProvisioningException {
        call("delete", "pods/" + botId, () -> pods().withName(botId).withGracePeriod(grace.toSeconds()).delete());
    }

    @Override
    public void remove(String botId) throws ProvisioningException {
        call("delete", "pods/" + botId, () -> pods().withName(botId).withGracePeriod(0).delete());
    }

    @Override
    public List<ManagedBot> list() throws ProvisioningException {
        List<Pod> listed = call("list", "pods", () -> pods().withLabel(BotLabels.NAME, BotLabels.BOT)
                .withLabelIn(BotLabels.POOL, pools.keySet().toArray(String[]::new)).list().getItems());
        return listed.stream().map(KubernetesProvisioner::bot).toList();
    }

    @Override
    public void resize(String pool, int target, long at) throws ProvisioningException {
        WarmReplicas sizing = sizing(pool);
        lastDeficitAt.merge(pool, at, Math::max);
        ensureDeployment(pool);
        int relabelled = relabelledPods(pool).size();
        scale(pool, current -> sizing.afterDeficit(current, target, relabelled));
        List<Pod> warm = call("list", "pods", () -> pods().withLabels(BotLabels.warm(pool)).list().getItems());
        var stuck = KubernetesFailures.cannotStart(warm, clock.millis(), policy(pool).spawnTimeoutMs());
        if (stuck.isPresent()) {
            throw stuck.get();
        }
    }

    @Override
    public void settle(String pool, int target, long at) throws ProvisioningException {
        if (!pools.containsKey(pool) || at <= lastDeficitAt.getOrDefault(pool, Long.MIN_VALUE)) {
            return;
        }
        Integer known = replicas.get(pool);
        if (known != null && known <= target) {
            return; // nothing to let go: spares the API a read per pool and second
        }
        WarmReplicas sizing = sizing(pool);
        int relabelled = relabelledPods(pool).size();
        scale(pool, current -> sizing.afterStatus(current, target, relabelled));
    }

    /** An assignment of a pool this pool manager does not serve is another's to handle, and ignored. */
    @Override
    public void assigned(String pool, String botId, String sessionId) throws ProvisioningException {
        if (!pools.containsKey(pool)) {
            return;
        }
        WarmReplicas sizing = sizing(pool);
        String label = BotLabels.assignedValue(sessionId);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Pod pod = botPod(pool, botId);
            if (pod == null) {
                throw new ProvisioningConflict("pod " + botId + " of pool " + pool + " is gone: it cannot serve session "
                        + sessionId);
            }
            Relabel decision = Relabel.decide(pod.getMetadata().getLabels().get(BotLabels.ASSIGNED),
                    BotLabels.assignedAt(pod.getMetadata().getAnnotations()), label, clock.millis(),
                    policy(pool).claimTimeoutMs());
            if (decision instanceof Relabel.AlreadyDone) {
                return;
            }
            if (decision instanceof Relabel.TakenBy taken) {
                throw new ProvisioningConflict("conflict: pod " + botId + " is already assigned to session "
                        + taken.assignedLabel() + " (within the claim timeout); it cannot also serve " + sessionId);
            }
            if (relabel(pod, label)) {
                LOG.info("pod {} relabelled {}={}: the ReplicaSet starts its replacement", botId, BotLabels.ASSIGNED,
                        label);
                scale(pool, sizing::afterAssignment);
                return;
            }
        }
        throw new ProvisioningConflict("conflict: pod " + botId + " kept changing; gave up relabelling it for session "
                + sessionId + " after " + CONFLICT_RETRIES + " tries");
    }

    /** A session end of a pool this pool manager does not serve is ignored, as its assignment was. */
    @Override
    public void sessionEnded(String pool, String botId, String sessionId) throws ProvisioningException {
        if (!pools.containsKey(pool)) {
            return;
        }
        PoolPolicy policy = policy(pool);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Pod pod = botPod(pool, botId);
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || !BotLabels.assignedValue(sessionId)
                    .equals(pod.getMetadata().getLabels().get(BotLabels.ASSIGNED))) {
                return; // never relabelled for this session, or already handled (router and bot both report the end)
            }
            if (policy.afterSession() == AfterSession.RETIRE) {
                call("delete", "pods/" + botId, () -> pods().withName(botId).delete());
                LOG.info("pod {} deleted: its session {} ended", botId, sessionId);
                return;
            }
            if (relabel(pod, BotLabels.NOT_ASSIGNED)) {
                LOG.info("pod {} labelled back {}: its session {} ended", botId, BotLabels.NOT_ASSIGNED, sessionId);
                return;
            }
        }
        throw new ProvisioningConflict("conflict: pod " + botId + " kept changing; gave up returning it after "
                + CONFLICT_RETRIES + " tries");
    }

    /**
     * Leaves nothing behind: the Deployments this provisioner created are deleted with their pods,
     * adopted ones scaled to zero, and the relabelled pods deleted.
     */
    @Override
    public void close() {
        try {
            for (String pool : pools.keySet()) {
                try {
                    Deployment deployment = deployments().withName(BotLabels.deploymentName(pool)).get();
                    if (deployment != null && BotLabels.POOL_MANAGER.equals(
                            deployment.getMetadata().getLabels().get(BotLabels.CREATED_BY))) {
                        deployments().withName(BotLabels.deploymentName(pool))
                                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
                    } else if (deployment != null) {
                        scale(pool, current -> 0);
                    }
                    // One by one: the Role grants delete, not deletecollection.
                    for (Pod pod : relabelledPods(pool)) {
                        pods().withName(pod.getMetadata().getName()).delete();
                    }
                } catch (KubernetesClientException | ProvisioningException e) {
                    LOG.warn("could not remove the bot pods of pool {}: {}", pool, e.getMessage());
                }
            }
        } finally {
            client.close();
        }
    }

    private void ensureDeployment(String pool) throws ProvisioningException {
        String name = BotLabels.deploymentName(pool);
        Deployment existing = call("get", "deployments/" + name, () -> deployments().withName(name).get());
        if (existing == null) {
            PoolPolicy policy = policy(pool);
            int initial = sizing(pool).initial(relabelledPods(pool).size());
            Deployment wanted = BotDeployment.forPool(pool, initial,
                    policy.afterSession() == AfterSession.REUSE, podTemplate(), settings, botEnv);
            try {
                client.apps().deployments().inNamespace(namespace).resource(wanted).create();
                replicas.put(pool, initial);
                LOG.info("created Deployment {} in {} for pool {}", name, namespace, pool);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw KubernetesFailures.translate("create", "deployments/" + name, namespace, api(), e);
                }
                existing = call("get", "deployments/" + name, () -> deployments().withName(name).get());
            }
        }
        if (!BotDeployment.selectsWarmPods(existing.getSpec().getSelector().getMatchLabels(), pool)) {
            throw new ProvisioningException("Deployment " + name + " in " + namespace + " does not select "
                    + BotLabels.warm(pool) + ": relabelled pods would not leave it; fix its selector or delete it");
        }
        if (adopted.add(pool) && !BotLabels.POOL_MANAGER.equals(existing.getMetadata().getLabels() == null ? null
                : existing.getMetadata().getLabels().get(BotLabels.CREATED_BY))) {
            LOG.info("adopted Deployment {} in {} for pool {}", name, namespace, pool);
        }
    }

    private PodTemplateSpec podTemplate() throws ProvisioningException {
        PodTemplate template = call("get", "podtemplates/" + settings.podTemplate(),
                () -> client.v1().podTemplates().inNamespace(namespace).withName(settings.podTemplate()).get());
        return template == null ? BotDeployment.defaultTemplate(settings.image()) : template.getTemplate();
    }

    /** Sets the replicas to {@code next(current)} with a conditional update, again if another writer came first. */
    private void scale(String pool, IntUnaryOperator next) throws ProvisioningException {
        String name = BotLabels.deploymentName(pool);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Deployment deployment = call("get", "deployments/" + name, () -> deployments().withName(name).get());
            if (deployment == null) {
                replicas.remove(pool);
                return;
            }
            int current = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int wanted = next.applyAsInt(current);
            replicas.put(pool, current);
            if (wanted == current) {
                return;
            }
            deployment.getSpec().setReplicas(wanted);
            try {
                deployments().resource(deployment).update();
                replicas.put(pool, wanted);
                LOG.info("Deployment {}: {} -> {} warm replicas", name, current, wanted);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw KubernetesFailures.translate("update", "deployments/" + name, namespace, api(), e);
                }
            }
        }
        throw new ProvisioningConflict("conflict: Deployment " + name + " kept changing; gave up scaling it");
    }

    /** Relabels with the pod's resourceVersion: false if someone else changed the pod first. */
    private boolean relabel(Pod pod, String assigned) throws ProvisioningException {
        pod.getMetadata().getLabels().put(BotLabels.ASSIGNED, assigned);
        if (pod.getMetadata().getAnnotations() == null) {
            pod.getMetadata().setAnnotations(new java.util.HashMap<>());
        }
        pod.getMetadata().getAnnotations().put(BotLabels.ASSIGNED_AT, Long.toString(clock.millis()));
        try {
            pods().resource(pod).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw KubernetesFailures.translate("update", "pods/" + pod.getMetadata().getName(), namespace, api(), e);
        }
    }

    private Pod botPod(String pool, String botId) throws ProvisioningException {
        Pod pod = call("get", "pods/" + botId, () -> pods().withName(botId).get());
        if (pod == null) {
            return null;
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || !BotLabels.BOT.equals(labels.get(BotLabels.NAME)) || !pool.equals(labels.get(BotLabels.POOL))) {
            throw new ProvisioningException("pod " + botId + " in " + namespace + " is not a bot pod of pool " + pool);
        }
        return pod;
    }

    private List<Pod> relabelledPods(String pool) throws ProvisioningException {
        return call("list", "pods", () -> pods().withLabel(BotLabels.NAME, BotLabels.BOT).withLabel(BotLabels.POOL, pool)
                .withLabelNotIn(BotLabels.ASSIGNED, BotLabels.NOT_ASSIGNED).list().getItems()).stream()
                .filter(p -> p.getMetadata().getLabels().containsKey(BotLabels.ASSIGNED))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private PoolPolicy policy(String pool) throws ProvisioningException {
        PoolPolicy policy = pools.get(pool);
        if (policy == null) {
            throw new ProvisioningException("pool '" + pool + "' is not configured on this provisioner");
        }
        return policy;
    }

    private WarmReplicas sizing(String pool) throws ProvisioningException {
        PoolPolicy policy = policy(pool);
        return new WarmReplicas(policy.minReady(), policy.maxBots());
    }

    private static ManagedBot bot(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean running = pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase)
                && !"Failed".equals(phase);
        String created = pod.getMetadata().getCreationTimestamp();
        return new ManagedBot(pod.getMetadata().getName(), labels.get(BotLabels.POOL), pod.getMetadata().getUid(),
                running, created == null ? 0 : Instant.parse(created).toEpochMilli());
    }

    private <T> T call(String verb, String resource, Supplier<T> request) throws ProvisioningException {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(verb, resource, namespace, api(), e);
        }
    }

    private String api() {
        return String.valueOf(client.getMasterUrl());
    }

    private NonNamespaceOperation<Pod, PodList, PodResource> pods() {
        return client.pods().inNamespace(namespace);
    }

    private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>> deployments() {
        return client.apps().deployments().inNamespace(namespace);
    }
}
