package io.warmpool.router.it;

import static io.warmpool.router.it.BotPods.names;
import static io.warmpool.router.it.BotPods.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.PodRef;
import io.warmpool.events.TopicWatcher;
import io.warmpool.poolmanager.app.PoolManager;
import io.warmpool.poolmanager.app.PoolManagerConfig;
import io.warmpool.poolmanager.app.PoolManagerMain;
import io.warmpool.poolmanager.app.PoolManagerSetup;
import io.warmpool.poolmanager.provisioning.kubernetes.BotLabels;
import io.warmpool.runtime.config.Env;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.KubernetesControlPlane;
import io.warmpool.testkit.WithKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The label method on a real control plane (etcd, kube-apiserver, kube-controller-manager with the
 * deployment, replicaset and garbage-collector controllers), with the test kit's node agent running
 * each bot pod as a local bot process. The pool manager runs as a user that holds exactly the Role
 * of {@code infra/kubernetes}, never as an administrator. The steps build on each other, in order.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesLabelMethodIT extends OnKubernetesBed {
    private static final String NS = "warmpool";
    private static final String POOL = "k8s";
    private static final String DEPLOYMENT = BotLabels.deploymentName(POOL);
    private static final Duration WAIT = Duration.ofSeconds(120);

    private TopicWatcher tap;
    private PoolManager poolManager;
    private KubernetesControlPlane.Result dryRun;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) throws IOException {
        lay(KubernetesBed.start(broker, vertx, NS, "k8s-it."));
        dryRun = controlPlane.kubectl("apply", "-k", bed.manifests().toString(), "--dry-run=server");
        // What the pool manager needs of the manifests, for real: its Role (the bed has the PodTemplate
        // and the claim key Secret of the test's router).
        ok(controlPlane.kubectl("apply", "-n", NS, "-f", bed.manifests().resolve("pool-manager-rbac.yaml").toString()));
        ok(controlPlane.kubectl("create", "rolebinding", "warmpool-pool-manager-user", "-n", NS,
                "--role=warmpool-pool-manager", "--user=warmpool-pool-manager"));
        tap = new TopicWatcher(broker, stack.topics, EventType.BOT_HEARTBEAT, EventType.POOL_STATUS);
        Map<String, String> env = stack.env(
                // Heartbeats every second, 5 missed before LOST: JVMs starting side by side on a busy
                // machine stall for a second at times, which must not cost a chat.
                "WARMPOOL_POOLS", POOL + ":min=3,max=10,deadline=120000,spawnTimeout=30000,heartbeat=1000,"
                        + "missedHeartbeats=5,claimTimeout=30000",
                "WARMPOOL_HEARTBEAT_MS", "1000",
                "WARMPOOL_PROVISIONER", "kubernetes",
                "WARMPOOL_KUBECONFIG", controlPlane.poolManagerKubeconfig().toString(),
                "WARMPOOL_KUBERNETES_NAMESPACE", NS,
                "WARMPOOL_BOT_WARMUP_MS", "300",
                "WARMPOOL_RECONCILE_MS", "1000",
                "WARMPOOL_ALLOCATOR_GROUP", stack.topics.prefix() + "allocator",
                "WARMPOOL_PROVISIONER_GROUP", stack.topics.prefix() + "provisioner",
                PoolManagerConfig.HTTP_PORT, "0");
        poolManager = Stack.await(PoolManagerMain.start(stack.vertx, PoolManagerSetup.from(Env.of(env)), Clock.systemUTC()));
    }

    @AfterAll
    void stop() throws Exception {
        if (poolManager != null) {
            poolManager.stop().await(90, TimeUnit.SECONDS);
        }
        if (tap != null) {
            tap.close();
        }
        clearBed();
    }

    @Test
    @Order(1)
    void theManifestsApplyAndThePoolManagerHoldsOnlyItsRole() {
        assertThat(dryRun.exitStatus()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("role.rbac.authorization.k8s.io/warmpool-pool-manager created (server dry run)",
                "deployment.apps/pool-manager created (server dry run)",
                "deployment.apps/request-router created (server dry run)",
                "deployment.apps/kafka created (server dry run)",
                // The bed applied the bot PodTemplate already, from the same file.
                "podtemplate/warmpool-bot configured (server dry run)");
        try (KubernetesClient asPoolManager = poolManagerClient()) {
            assertThat(asPoolManager.pods().inNamespace(NS).list().getItems()).isNotNull();
            assertThat(forbidden(() -> asPoolManager.pods().inNamespace("default").list()))
                    .as("pods outside its namespace").isTrue();
            assertThat(forbidden(() -> asPoolManager.secrets().inNamespace(NS).list()))
                    .as("secrets, which its Role does not name").isTrue();
        }
    }

    @Test
    @Order(2)
    void aPoolOfThreeWarmPodsBecomesReady() {
        Await.until(() -> ready() == 3, WAIT, () -> "3 READY bots in pool " + POOL + "; pods: " + pods.all());
        Deployment deployment = admin.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry(BotLabels.ASSIGNED, BotLabels.NOT_ASSIGNED).containsEntry(BotLabels.POOL, POOL);
        List<Pod> warm = pods.warm();
        assertThat(warm).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getOwnerReferences()).extracting("kind").containsExactly("ReplicaSet");
            var container = pod.getSpec().getContainers().get(0);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
            assertThat(container.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("WARMPOOL_CLAIM_KEY");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("warmpool-claim-key");
            });
        });
        assertThat(node.runningPods()).containsExactlyInAnyOrderElementsOf(names(warm));
    }

    @Test
    @Order(3)
    void aChatGetsAWarmPodThatIsRelabelledAndTheReplicaSetReplacesIt() {
        Set<String> before = names(pods.warm());
        ChatClient chat = stack.chat(router, "/chat?pool=" + POOL);
        chat.expect("queued");
        JsonObject assigned = chat.expect("assigned", WAIT);
        long assignedAt = System.currentTimeMillis();
        String botId = assigned.getString("botId");
        String sessionId = assigned.getString("sessionId");
        assertThat(before).as("the bot is one of the warm pods").contains(botId);

        Await.until(() -> Optional.ofNullable(pods.pod(botId))
                .filter(p -> sessionId.equals(p.getMetadata().getLabels().get(BotLabels.ASSIGNED))), WAIT,
                () -> "pod " + botId + " relabelled for " + sessionId + ": " + pods.pod(botId));
        long relabelSeenAt = System.currentTimeMillis();
        // The ReplicaSet controller releases a pod its selector no longer matches on its own time.
        Await.until(() -> Optional.ofNullable(pods.pod(botId)).filter(p -> p.getMetadata().getOwnerReferences().isEmpty()),
                WAIT, () -> "the relabelled pod " + botId + " released by its ReplicaSet: " + pods.pod(botId));

        Pod replacement = Await.until(() -> pods.warm().stream()
                .filter(p -> !before.contains(p.getMetadata().getName())).findFirst(), WAIT,
                () -> "a replacement pod; pods: " + pods.all());
        long replacementSeenAt = System.currentTimeMillis();
        assertThat(replacement.getMetadata().getOwnerReferences()).extracting("kind").containsExactly("ReplicaSet");
        assertThat(replacement.getMetadata().getManagedFields()).extracting("manager")
                .as("created by the controller, not by warmpool").contains("kube-controller-manager");
        String replacementId = replacement.getMetadata().getName();
        BotHeartbeat readyBeat = tap.await(BotHeartbeat.class,
                hb -> hb.botId().equals(replacementId) && hb.state() == BotState.READY, WAIT);
        System.out.printf("MEASURED label method: relabel seen %d ms after 'assigned'; replacement pod seen %d ms "
                        + "after the relabel; its bot READY %d ms after the relabel%n", relabelSeenAt - assignedAt,
                replacementSeenAt - relabelSeenAt, readyBeat.readyAt() - relabelSeenAt);

        assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
        chat.end();
        chat.expect("ended");
        Await.until("relabelled pod " + botId + " deleted after its session", WAIT, () -> pods.pod(botId) == null);
        Await.until("3 READY bots again", WAIT, () -> ready() == 3 && pods.warm().size() == 3);
        assertThat(admin.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec().getReplicas())
                .as("the relabel answered the deficit: no scale-up").isEqualTo(3);
    }

    @Test
    @Order(4)
    void aBurstOfSixScalesTheDeploymentUpAndBackDown() throws Exception {
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            Future<?> watcher = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Deployment d = admin.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
                    most.accumulateAndGet(d.getSpec().getReplicas(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Future<String>> chats = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                chats.add(pool.submit(() -> {
                    ChatClient chat = stack.chat(router, "/chat?pool=" + POOL);
                    chat.expect("queued");
                    String bot = chat.expect("assigned", WAIT).getString("botId");
                    assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
                    chat.end();
                    chat.expect("ended");
                    return bot;
                }));
            }
            Set<String> bots = new HashSet<>();
            for (Future<String> chat : chats) {
                bots.add(chat.get(3, TimeUnit.MINUTES));
            }
            assertThat(bots).as("six sessions, six bots").hasSize(6);
            Await.until(() -> pods.replicas(POOL) == 3 && ready() == 3 && pods.warm().size() == 3
                            && pods.relabelled().isEmpty(),
                    WAIT, () -> "the Deployment back at 3 replicas with 3 READY bots; pods: " + pods.all());
            watcher.cancel(true);
            assertThat(most.get()).as("replicas during the burst").isGreaterThan(3).isLessThanOrEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aKilledBotPodIsReplaced() {
        Set<String> before = names(pods.warm());
        String victim = before.iterator().next();
        node.process(victim).orElseThrow().destroyForcibly();
        Await.until(() -> pods.pod(victim) == null && pods.warm().size() == 3, WAIT,
                () -> "pod " + victim + " replaced and removed; pods: " + pods.all());
        Set<String> replacements = names(pods.warm());
        replacements.removeAll(before);
        assertThat(replacements).as("the ReplicaSet's replacement").hasSize(1);
        String replacement = replacements.iterator().next();
        tap.await(BotHeartbeat.class, hb -> hb.botId().equals(replacement) && hb.state() == BotState.READY, WAIT);
        assertThat(tap.events(BotHeartbeat.class, hb -> hb.botId().equals(replacement)))
                .as("the bot names its pod").allSatisfy(hb -> assertThat(hb.pod()).isEqualTo(new PodRef(replacement, NS)));
    }

    @Test
    @Order(6)
    void nothingIsLeftAfterThePoolManagerStops() throws Exception {
        poolManager.stop().await(90, TimeUnit.SECONDS);
        poolManager = null;
        Await.until(() -> pods.all().isEmpty()
                        && admin.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get() == null, WAIT,
                () -> "no bot pod and no bot Deployment left; pods: " + pods.all());
        Await.until(() -> node.runningPods().isEmpty(), Duration.ofSeconds(30),
                () -> "no bot process left: " + node.runningPods());
    }

    private KubernetesClient poolManagerClient() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                    Files.readString(controlPlane.poolManagerKubeconfig()))).build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean forbidden(Runnable call) {
        try {
            call.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    /** READY bots of the pool in the allocator's latest {@code pool.status}. */
    private int ready() {
        return BotPods.ready(tap, POOL);
    }
}
