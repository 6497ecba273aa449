package io.warmpool.router.it;

import static io.warmpool.router.it.BotPods.ok;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.warmpool.poolmanager.provisioning.kubernetes.BotLabels;
import io.warmpool.poolmanager.provisioning.process.BotLaunch;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.KubernetesControlPlane;
import io.warmpool.testkit.NodeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Kubernetes ITs stand on: a real control plane with the namespace, the bot PodTemplate
 * and the claim key Secret of the test's router; the test kit's node agent running each bot pod
 * as a local bot process against the test's broker; a {@link Stack} and its router.
 */
record KubernetesBed(KubernetesControlPlane controlPlane, KubernetesClient admin, BotPods pods, Path manifests,
                     Stack stack, NodeAgent node, RouterVerticle router) implements AutoCloseable {

    static KubernetesBed start(KafkaBroker broker, Vertx vertx, String namespace, String topicPrefix) throws IOException {
        KubernetesControlPlane controlPlane = KubernetesControlPlane.start();
        try {
            KubernetesClient admin = controlPlane.adminClient();
            Path manifests = KubernetesControlPlane.projectRoot().resolve("infra/kubernetes");
            ok(controlPlane.kubectl("create", "namespace", namespace));
            ok(controlPlane.kubectl("apply", "-n", namespace, "-f", manifests.resolve("bot-pod-template.yaml").toString()));
            ok(controlPlane.kubectl("create", "secret", "generic", "warmpool-claim-key", "-n", namespace,
                    "--from-literal=claim-key=" + Stack.CLAIM_KEY));
            Stack stack = new Stack(broker, topicPrefix, vertx);
            Path logs = Files.createDirectories(Path.of("target", topicPrefix + "bots"));
            List<String> bot = BotLaunch.resolve(Optional.empty(), BotLaunch.DEFAULT_JVM_OPTS).command();
            // The pod template points bots at kafka:9092; on this node the broker is the test's.
            NodeAgent node = new NodeAgent(admin, namespace, Map.of(BotLabels.NAME, BotLabels.BOT), pod -> bot,
                    Map.of("WARMPOOL_KAFKA_BOOTSTRAP", broker.bootstrapServers()), "WARMPOOL_BOT_PORT", logs).start();
            // A bot JVM started a moment ago on a machine this busy may take more than the default 5 s
            // to answer its first claim; the allocator's claim timeout (pool key) is longer still.
            RouterVerticle router = stack.router(RouterConfig.SESSION_DEADLINE_MS, "120000",
                    RouterConfig.CLAIM_TIMEOUT_MS, "20000");
            return new KubernetesBed(controlPlane, admin, new BotPods(admin, namespace), manifests, stack, node, router);
        } catch (IOException | RuntimeException | Error e) {
            controlPlane.close(); // its processes would outlive the test
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try (controlPlane; admin; node) {
            stack.close();
        }
    }
}
