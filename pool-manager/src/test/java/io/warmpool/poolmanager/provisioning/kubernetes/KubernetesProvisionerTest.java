package io.warmpool.poolmanager.provisioning.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.warmpool.poolmanager.pool.AfterSession;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provisioner's API calls against fabric8's mock API server in CRUD mode: it stores objects but
 * runs no controller, so the tests create the pods a ReplicaSet would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProvisionerTest {
    private static final String NS = "bots";
    private static final String POOL = "default";
    private static final String DEPLOYMENT = "warmpool-bot-default";
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    KubernetesMockServer server;
    KubernetesClient client;
    private KubernetesProvisioner provisioner;

    @BeforeEach
    void setUp() {
        provisioner = provisioner(AfterSession.RETIRE);
    }

    /** A provisioner with a client of its own, which its close() closes. */
    private KubernetesProvisioner provisioner(AfterSession afterSession) {
        return provisioner(afterSession, NOW);
    }

    private KubernetesProvisioner provisioner(AfterSession afterSession, Clock clock) {
        PoolPolicy policy = PoolPolicy.defaults().withMinMax(3, 8);
        policy = new PoolPolicy(policy.minReady(), policy.maxBots(), policy.queueCapacity(), policy.maxWaitMs(),
                policy.claimTimeoutMs(), policy.heartbeatMs(), policy.missedHeartbeats(), policy.spawnTimeoutMs(),
                policy.spawnBackoffMs(), afterSession);
        return new KubernetesProvisioner(server.createClient(), settings(), Map.of(POOL, policy),
                Map.of("WARMPOOL_KAFKA_BOOTSTRAP", "kafka:9092", "WARMPOOL_CLAIM_KEY", "must-not-be-copied-0123"),
                clock);
    }

    private static KubernetesSettings settings() {
        return new KubernetesSettings(Optional.empty(), Optional.of(NS), "warmpool-bot", "warmpool/bot-worker:dev",
                "warmpool-claim-key");
    }

    @Test
    void aDeficitCreatesThePoolsDeploymentFromTheBuiltInTemplate() throws Exception {
        provisioner.resize(POOL, 3, 1_000);

        Deployment d = deployment();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(BotLabels.warm(POOL));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(BotLabels.warm(POOL));
        var bot = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(bot.getImage()).isEqualTo("warmpool/bot-worker:dev");
        assertThat(bot.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(bot.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(bot.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(bot.getResources().getLimits()).containsKeys("cpu", "memory");
        Map<String, Object> env = new HashMap<>();
        bot.getEnv().forEach(e -> env.put(e.getName(), e.getValue() != null ? e.getValue()
                : e.getValueFrom().getFieldRef() != null ? e.getValueFrom().getFieldRef().getFieldPath()
                : "secret:" + e.getValueFrom().getSecretKeyRef().getName()));
        assertThat(env).containsEntry("WARMPOOL_BOT_ID", "metadata.name")
                .containsEntry("WARMPOOL_PROVISION_ID", "metadata.uid")
                .containsEntry("WARMPOOL_BOT_HOST", "status.podIP")
                .containsEntry("WARMPOOL_POD_NAMESPACE", "metadata.namespace")
                .containsEntry("WARMPOOL_POOL", POOL)
                .containsEntry("WARMPOOL_KAFKA_BOOTSTRAP", "kafka:9092")
                .containsEntry("WARMPOOL_CLAIM_KEY", "secret:warmpool-claim-key");
    }

    @Test
    void thePodTemplateOfTheNamespaceIsUsedWhenThereIsOne() throws Exception {
        client.v1().podTemplates().inNamespace(NS).resource(new PodTemplateBuilder().withNewMetadata()
                .withName("warmpool-bot").endMetadata().withNewTemplate().withNewSpec().addNewContainer()
                .withName("bot").withImage("registry.example/bot:7").addNewEnv().withName("WARMPOOL_KAFKA_BOOTSTRAP")
                .withValue("kafka.elsewhere:9092").endEnv().endContainer().endSpec().endTemplate().build()).create();

        provisioner.resize(POOL, 3, 1_000);

        var bot = deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(bot.getImage()).isEqualTo("registry.example/bot:7");
        assertThat(bot.getEnv()).filteredOn(e -> e.getName().equals("WARMPOOL_KAFKA_BOOTSTRAP"))
                .extracting("value").as("the template's own value wins").containsExactly("kafka.elsewhere:9092");
    }

    @Test
    void aDeploymentTheUserAppliedIsAdoptedAndOnlyScaledToZeroAtShutdown() throws Exception {
        client.apps().deployments().inNamespace(NS).resource(userDeployment(BotLabels.warm(POOL), 2)).create();

        provisioner.resize(POOL, 3, 1_000);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment().getMetadata().getLabels()).doesNotContainKey(BotLabels.CREATED_BY);

        provisioner.close();
        assertThat(deployment()).as("the user's Deployment stays").isNotNull();
        assertThat(deployment().getSpec().getReplicas()).isZero();
    }

    @Test
    void aDeploymentWhoseSelectorIgnoresTheAssignedLabelIsRefused() {
        client.apps().deployments().inNamespace(NS).resource(userDeployment(Map.of(BotLabels.NAME, BotLabels.BOT,
                BotLabels.POOL, POOL), 2)).create();

        assertThatThrownBy(() -> provisioner.resize(POOL, 3, 1_000)).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining(DEPLOYMENT).hasMessageContaining("does not select")
                .hasMessageContaining("warmpool.io/assigned=not_assigned");
    }

    @Test
    void anAssignmentRelabelsThePodAndLeavesTheReplicasToTheController() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");

        provisioner.assigned(POOL, "bot-a", "session-1");

        assertThat(pod("bot-a").getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED, "session-1");
        assertThat(deployment().getSpec().getReplicas()).as("the ReplicaSet replaces the pod").isEqualTo(3);
        assertThat(client.pods().inNamespace(NS).list().getItems()).as("warmpool creates no pod").hasSize(1);
    }

    @Test
    void anAssignmentReadTwiceChangesNothingMore() throws Exception {
        provisioner.resize(POOL, 5, 1_000);
        warmPod("bot-a");
        provisioner.assigned(POOL, "bot-a", "session-1");
        String version = pod("bot-a").getMetadata().getResourceVersion();

        provisioner.assigned(POOL, "bot-a", "session-1");

        assertThat(pod("bot-a").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(deployment().getSpec().getReplicas()).as("one burst pod consumed, once").isEqualTo(4);
    }

    @Test
    void aPodAnotherPoolManagerTookCannotBeTakenAgain() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        KubernetesProvisioner other = provisioner(AfterSession.RETIRE);
        other.assigned(POOL, "bot-a", "session-other");

        assertThatThrownBy(() -> provisioner.assigned(POOL, "bot-a", "session-1"))
                .isInstanceOf(ProvisioningException.class).hasMessageStartingWith("conflict")
                .hasMessageContaining("already assigned to session session-other");
        assertThat(pod("bot-a").getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED, "session-other");
    }

    @Test
    void anAssignmentOlderThanTheClaimTimeoutIsTakenOverByTheAllocatorsNextOne() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        provisioner.assigned(POOL, "bot-a", "session-unclaimed");
        KubernetesProvisioner later = provisioner(AfterSession.RETIRE, Clock.offset(NOW, Duration.ofSeconds(11)));

        later.assigned(POOL, "bot-a", "session-2");

        assertThat(pod("bot-a").getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED, "session-2");
        assertThat(pod("bot-a").getMetadata().getAnnotations()).containsEntry(BotLabels.ASSIGNED_AT,
                Long.toString(NOW.millis() + 11_000));
    }

    @Test
    void aStaleResourceVersionIsRefusedByTheServer() throws Exception {
        warmPod("bot-a");
        Pod stale = pod("bot-a");
        Pod fresh = pod("bot-a");
        fresh.getMetadata().getLabels().put(BotLabels.ASSIGNED, "session-other");
        client.pods().inNamespace(NS).resource(fresh).update();

        stale.getMetadata().getLabels().put(BotLabels.ASSIGNED, "session-1");
        assertThatThrownBy(() -> client.pods().inNamespace(NS).resource(stale).update())
                .as("the conditional update the relabel relies on")
                .hasMessageContaining("409");
    }

    @Test
    void aBurstScalesUpWithinMaxBotsAndEachServedRequestScalesBackDown() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        warmPod("bot-b");
        provisioner.assigned(POOL, "bot-a", "s-a");
        provisioner.assigned(POOL, "bot-b", "s-b");

        provisioner.resize(POOL, 20, 1_000);
        assertThat(deployment().getSpec().getReplicas()).as("maxBots 8 minus 2 relabelled").isEqualTo(6);

        warmPod("bot-c");
        provisioner.assigned(POOL, "bot-c", "s-c");
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(5);
        provisioner.resize(POOL, 3, 1_000);
        assertThat(deployment().getSpec().getReplicas()).as("a deficit never scales down").isEqualTo(5);
    }

    @Test
    void thePoolsStatusLetsABurstGoOnceItsQueueIsGoneButAStaleOneDoesNot() throws Exception {
        provisioner.resize(POOL, 7, 1_000);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(7);

        provisioner.settle(POOL, 3, 900);
        assertThat(deployment().getSpec().getReplicas()).as("a status from before the deficit").isEqualTo(7);
        provisioner.settle(POOL, 5, 1_100);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(5);
        provisioner.settle(POOL, 3, 1_200);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
        provisioner.settle(POOL, 6, 1_300);
        assertThat(deployment().getSpec().getReplicas()).as("a status never scales up").isEqualTo(3);
        provisioner.settle("not-served-here", 1, 1_400);
    }

    @Test
    void aSessionEndDeletesTheRelabelledPodUnderRetire() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        provisioner.assigned(POOL, "bot-a", "session-1");

        provisioner.sessionEnded(POOL, "bot-a", "session-other");
        assertThat(pod("bot-a")).as("another session's end").isNotNull();

        provisioner.sessionEnded(POOL, "bot-a", "session-1");
        assertThat(pod("bot-a")).isNull();
        provisioner.sessionEnded(POOL, "bot-a", "session-1"); // read twice: nothing to do
    }

    @Test
    void aSessionEndLabelsThePodBackUnderReuse() throws Exception {
        KubernetesProvisioner reuse = provisioner(AfterSession.REUSE);
        reuse.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        reuse.assigned(POOL, "bot-a", "session-1");

        reuse.sessionEnded(POOL, "bot-a", "session-1");

        assertThat(pod("bot-a").getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED, BotLabels.NOT_ASSIGNED);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("WARMPOOL_BOT_REUSE")).extracting("value").containsExactly("true");
    }

    @Test
    void podsAreListedAsBotsWithTheirAssignmentAndState() throws Exception {
        warmPod("bot-a");
        client.pods().inNamespace(NS).resource(new PodBuilder(pod("bot-a")).editMetadata().withName("bot-b")
                .withResourceVersion(null).endMetadata().withNewStatus().withPhase("Failed").endStatus().build()).create();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("unrelated")
                .addToLabels("app", "web").endMetadata().build()).create();

        assertThat(provisioner.list()).extracting(ManagedBot::botId, ManagedBot::pool, ManagedBot::running)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("bot-a", POOL, true),
                        org.assertj.core.groups.Tuple.tuple("bot-b", POOL, false));
        assertThat(pod("bot-a").getMetadata().getUid()).isNotBlank();
        assertThat(provisioner.list()).filteredOn(bot -> bot.botId().equals("bot-a")).extracting(ManagedBot::provisionId)
                .as("the pod's uid, which its bot reads as WARMPOOL_PROVISION_ID").containsExactly(pod("bot-a")
                        .getMetadata().getUid());
    }

    @Test
    void aPodThatCannotPullItsImageIsReported() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("bot-x")
                .withLabels(BotLabels.warm(POOL)).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("bot").withImage("warmpool/bot-worker:typo").withNewState()
                .withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting()
                .endState().endContainerStatus().endStatus().build()).create();

        assertThatThrownBy(() -> provisioner.resize(POOL, 3, 1_000)).isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("image cannot start").hasMessageContaining("bot-x")
                .hasMessageContaining("ImagePullBackOff").hasMessageContaining("warmpool/bot-worker:typo");
    }

    @Test
    void shutdownDeletesTheCreatedDeploymentAndTheRelabelledPods() throws Exception {
        provisioner.resize(POOL, 3, 1_000);
        warmPod("bot-a");
        provisioner.assigned(POOL, "bot-a", "session-1");

        provisioner.close();

        assertThat(client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get()).isNull();
        assertThat(pod("bot-a")).isNull();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    /** A pod as the ReplicaSet controller would create it. */
    private void warmPod(String name) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(BotLabels.warm(POOL)).endMetadata().withNewSpec().addNewContainer().withName("bot")
                .withImage("warmpool/bot-worker:dev").endContainer().endSpec().build()).create();
    }

    private static Deployment userDeployment(Map<String, String> selector, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(DEPLOYMENT).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector().withNewTemplate()
                .withNewMetadata().withLabels(BotLabels.warm(POOL)).endMetadata().withNewSpec().addNewContainer()
                .withName("bot").withImage("warmpool/bot-worker:dev").endContainer().endSpec().endTemplate().endSpec()
                .build();
    }
}
