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
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Errors an operator must be able to act on, from fabric8's mock API server in expectations mode. */
@EnableKubernetesMockClient
class KubernetesFailuresTest {
    private static final String NS = "bots";
    private static final String POOL = "default";
    private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";

    KubernetesMockServer server;
    KubernetesClient client;

    private KubernetesProvisioner provisioner(KubernetesClient with) {
        return new KubernetesProvisioner(with, new KubernetesSettings(Optional.empty(), Optional.of(NS), "warmpool-bot",
                "warmpool/bot-worker:dev", "warmpool-claim-key"), Map.of(POOL, PoolPolicy.defaults()), Map.of(),
                java.time.Clock.systemUTC());
    }

    @Test
    void aForbiddenCallNamesTheVerbAndTheResource() {
        server.expect().get().withPath(DEPLOYMENTS + "/warmpool-bot-default").andReturn(403, status(403,
                "deployments.apps \"warmpool-bot-default\" is forbidden: User \"system:serviceaccount:bots:pm\" cannot"
                        + " get resource \"deployments\" in API group \"apps\" in the namespace \"bots\"")).always();

        assertThatThrownBy(() -> provisioner(client).resize(POOL, 3, 1_000)).isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("forbidden: the pool manager may not get deployments in namespace bots")
                .hasMessageContaining("Role").hasMessageContaining("cannot get resource \"deployments\"");
    }

    @Test
    void aForbiddenRelabelNamesTheUpdateVerb() {
        server.expect().get().withPath(PODS + "/bot-a").andReturn(200, warmPod("bot-a", "1")).always();
        server.expect().put().withPath(PODS + "/bot-a").andReturn(403, status(403,
                "pods \"bot-a\" is forbidden: User \"pm\" cannot update resource \"pods\"")).always();

        assertThatThrownBy(() -> provisioner(client).assigned(POOL, "bot-a", "session-1"))
                .hasMessageStartingWith("forbidden: the pool manager may not update pods in namespace bots")
                .hasMessageContaining("verb 'update'");
    }

    @Test
    void aMissingNamespaceIsNamed() {
        server.expect().get().withPath(DEPLOYMENTS + "/warmpool-bot-default").andReturn(404, status(404, "not found"))
                .always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/podtemplates/warmpool-bot")
                .andReturn(404, status(404, "not found")).always();
        server.expect().get().withPath(PODS + "?labelSelector=app.kubernetes.io%2Fname%3Dwarmpool-bot%2C"
                + "warmpool.io%2Fpool%3Ddefault%2Cwarmpool.io%2Fassigned%20notin%20%28not_assigned%29")
                .andReturn(200, new io.fabric8.kubernetes.api.model.PodListBuilder().build()).always();
        server.expect().post().withPath(DEPLOYMENTS).andReturn(404, status(404, "namespaces \"bots\" not found")).always();

        assertThatThrownBy(() -> provisioner(client).resize(POOL, 3, 1_000))
                .hasMessageStartingWith("namespace missing: bots does not exist")
                .hasMessageContaining("WARMPOOL_KUBERNETES_NAMESPACE");
    }

    @Test
    void aConflictOnRelabelIsRetriedWithTheFreshPod() {
        server.expect().get().withPath(PODS + "/bot-a").andReturn(200, warmPod("bot-a", "1")).once();
        server.expect().put().withPath(PODS + "/bot-a").andReturn(409, status(409,
                "Operation cannot be fulfilled on pods \"bot-a\": the object has been modified")).once();
        server.expect().get().withPath(PODS + "/bot-a").andReturn(200, new PodBuilder(warmPod("bot-a", "2"))
                .editMetadata().addToLabels(BotLabels.ASSIGNED, "session-other").endMetadata().build()).always();

        assertThatThrownBy(() -> provisioner(client).assigned(POOL, "bot-a", "session-1"))
                .as("the second read shows who won").hasMessageStartingWith("conflict")
                .hasMessageContaining("already assigned to session session-other");
    }

    @Test
    void anUnreachableApiIsNamedWithItsAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port).withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).build();
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThatThrownBy(() -> provisioner(nowhere).resize(POOL, 3, 1_000))
                    .hasMessageStartingWith("API unreachable: no Kubernetes API answers at https://127.0.0.1:" + port);
        }
    }

    @Test
    void anUnknownPoolIsRefused() {
        assertThatThrownBy(() -> provisioner(client).resize("other", 3, 1_000))
                .hasMessage("pool 'other' is not configured on this provisioner");
        assertThat(provisioner(client).kind()).isEqualTo("kubernetes");
    }

    private static io.fabric8.kubernetes.api.model.Pod warmPod(String name, String version) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withResourceVersion(version)
                .withLabels(BotLabels.warm(POOL)).endMetadata().build();
    }

    private static Status status(int code, String message) {
        return new StatusBuilder().withCode(code).withMessage(message).withStatus("Failure").build();
    }
}
