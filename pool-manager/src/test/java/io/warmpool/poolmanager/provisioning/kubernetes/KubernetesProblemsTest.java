package io.warmpool.poolmanager.provisioning.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.provisioning.MonitoredProvisioner;
import io.warmpool.poolmanager.provisioning.ProvisioningConflict;
import io.warmpool.poolmanager.provisioning.SelfWarmingProvisioner;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The label method's failures become the pool manager's provisioning problem (readiness and
 * {@code /api/pools} read {@link MonitoredProvisioner#problem()}), and go once the same call works:
 * fabric8's mock API server in CRUD mode, with a failure answered once where the test says so.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProblemsTest {
    private static final String NS = "bots";
    private static final String POOL = "default";
    private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";

    KubernetesMockServer server;
    KubernetesClient client;
    private MonitoredProvisioner monitored;
    private SelfWarmingProvisioner warm;

    @BeforeEach
    void setUp() {
        monitored = monitored(server.createClient());
        warm = monitored.selfWarming().orElseThrow();
    }

    private static MonitoredProvisioner monitored(KubernetesClient with) {
        return new MonitoredProvisioner(new KubernetesProvisioner(with, new KubernetesSettings(Optional.empty(),
                Optional.of(NS), "warmpool-bot", "warmpool/bot-worker:dev", "warmpool-claim-key"),
                Map.of(POOL, PoolPolicy.defaults().withMinMax(3, 8)), Map.of(), Clock.systemUTC()));
    }

    @Test
    void aRelabelTheRoleForbidsIsAProblemUntilARelabelWorks() throws Exception {
        warmPod("bot-a");
        warmPod("bot-b");
        server.expect().put().withPath(PODS + "/bot-a").andReturn(403, status(403,
                "pods \"bot-a\" is forbidden: User \"pm\" cannot update resource \"pods\" in the namespace \"bots\""))
                .once();

        assertThatThrownBy(() -> warm.assigned(POOL, "bot-a", "session-1"));
        assertThat(monitored.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("forbidden: the pool manager may not update pods in namespace bots")
                .contains("verb 'update'"));
        assertThat(monitored.list()).as("listing still works; the relabel does not").hasSize(2);
        assertThat(monitored.problem()).isPresent();

        warm.assigned(POOL, "bot-b", "session-2");
        assertThat(monitored.problem()).isEmpty();
        assertThat(pod("bot-b").getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED, "session-2");
    }

    @Test
    void aMissingNamespaceIsAProblemUntilTheDeploymentCanBeCreated() throws Exception {
        server.expect().post().withPath(DEPLOYMENTS).andReturn(404, status(404, "namespaces \"bots\" not found"))
                .once();

        assertThatThrownBy(() -> warm.resize(POOL, 3, 1_000));
        assertThat(monitored.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("namespace missing: bots does not exist"));

        warm.resize(POOL, 3, 2_000);
        assertThat(monitored.problem()).isEmpty();
        assertThat(client.apps().deployments().inNamespace(NS).withName(BotLabels.deploymentName(POOL)).get())
                .isNotNull();
    }

    @Test
    void aPodThatCannotPullItsImageIsAProblemUntilNoneIsStuck() throws Exception {
        warm.resize(POOL, 3, 1_000);
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("bot-x")
                .withLabels(BotLabels.warm(POOL)).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("bot").withImage("warmpool/bot-worker:typo").withNewState()
                .withNewWaiting().withReason("ErrImagePull").endWaiting().endState().endContainerStatus().endStatus()
                .build()).create();

        assertThatThrownBy(() -> warm.resize(POOL, 3, 2_000));
        assertThat(monitored.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("image cannot start: pod bot-x").contains("ErrImagePull"));

        client.pods().inNamespace(NS).withName("bot-x").delete();
        warm.resize(POOL, 3, 3_000);
        assertThat(monitored.problem()).isEmpty();
    }

    @Test
    void aPodThatRunsWithoutEverPassingItsReadinessProbeIsAProblemUntilItIsReady() throws Exception {
        warm.resize(POOL, 3, 1_000);
        String anHourAgo = java.time.Instant.now().minusSeconds(3600).toString();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("bot-slow")
                .withLabels(BotLabels.warm(POOL)).endMetadata().withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("bot").withImage("warmpool/bot-worker:dev").withReady(false)
                .withNewState().withNewRunning().withStartedAt(anHourAgo).endRunning().endState().endContainerStatus()
                .endStatus().build()).create();

        assertThatThrownBy(() -> warm.resize(POOL, 3, 2_000));
        assertThat(monitored.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("pod never ready: pod bot-slow container bot (warmpool/bot-worker:dev) has run 360")
                .contains("without passing its readiness probe", "kubectl logs bot-slow"));

        client.pods().inNamespace(NS).withName("bot-slow").editStatus(pod -> new PodBuilder(pod).editStatus()
                .editFirstContainerStatus().withReady(true).endContainerStatus().endStatus().build());
        warm.resize(POOL, 3, 3_000);
        assertThat(monitored.problem()).isEmpty();
    }

    @Test
    void aRaceForAPodIsNoProblem() throws Exception {
        warmPod("bot-a");
        warm.assigned(POOL, "bot-a", "session-1");

        assertThatThrownBy(() -> warm.assigned(POOL, "bot-a", "session-2")).isInstanceOf(ProvisioningConflict.class);
        assertThatThrownBy(() -> warm.assigned(POOL, "gone", "session-3")).isInstanceOf(ProvisioningConflict.class);
        assertThat(monitored.problem()).isEmpty();
    }

    @Test
    void anotherPoolManagersPoolIsNoneOfThisOnesBusiness() throws Exception {
        warm.assigned("other", "bot-z", "session-1");
        warm.sessionEnded("other", "bot-z", "session-1");

        assertThat(monitored.problem()).isEmpty();
    }

    @Test
    void anUnreachableApiIsAProblemOfEveryCall() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port).withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).build();
        MonitoredProvisioner nowhere = monitored(new KubernetesClientBuilder().withConfig(config).build());
        SelfWarmingProvisioner nowhereWarm = nowhere.selfWarming().orElseThrow();
        try {
            assertThat(nowhere.list()).as("before any answer: no bot known").isEmpty();
            assertThat(nowhere.problem()).hasValueSatisfying(p -> assertThat(p)
                    .startsWith("API unreachable: no Kubernetes API answers at https://127.0.0.1:" + port));
            assertThatThrownBy(() -> nowhereWarm.assigned(POOL, "bot-a", "session-1"));
            assertThatThrownBy(() -> nowhereWarm.sessionEnded(POOL, "bot-a", "session-1"));
            assertThat(nowhere.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("API unreachable")
                    .contains("pods/bot-a"));
        } finally {
            nowhere.close();
        }
    }

    private io.fabric8.kubernetes.api.model.Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private void warmPod(String name) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(BotLabels.warm(POOL)).endMetadata().build()).create();
    }

    private static Status status(int code, String message) {
        return new StatusBuilder().withCode(code).withMessage(message).withStatus("Failure").build();
    }
}
