package io.warmpool.router.it;

import static io.warmpool.router.it.BotPods.names;
import static io.warmpool.router.it.BotPods.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.BotState;
import io.warmpool.events.EventType;
import io.warmpool.events.TopicWatcher;
import io.warmpool.poolmanager.app.PoolManager;
import io.warmpool.poolmanager.app.PoolManagerConfig;
import io.warmpool.poolmanager.app.PoolManagerMain;
import io.warmpool.poolmanager.app.PoolManagerSetup;
import io.warmpool.poolmanager.provisioning.kubernetes.BotLabels;
import io.warmpool.runtime.config.Env;
import io.warmpool.testkit.Await;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * The label method's reuse path and its errors on a real control plane, with the test kit's node
 * agent running each bot pod as a local bot process: a Role missing a verb and a namespace that
 * does not exist reach the pool manager's readiness and {@code /api/pools} (and the router's pool
 * view) and go once the cluster is fixed; under {@code WARMPOOL_BOT_REUSE=true} a pod is labelled
 * back after its session, its bot serves again, and the warm count settles at {@code minReady}.
 */
@WithKafka
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesReuseAndProblemsIT extends OnKubernetesBed {
    private static final String NS = "warmpool";
    private static final String USER = "warmpool-pool-manager";
    private static final String ROLE = "pool-manager-short-of-a-verb";
    private static final String POOL = "reuse";
    private static final String DEPLOYMENT = BotLabels.deploymentName(POOL);
    private static final Duration WAIT = Duration.ofSeconds(120);

    private TopicWatcher tap;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) throws IOException {
        lay(KubernetesBed.start(broker, vertx, NS, "k8s-reuse-it."));
        tap = new TopicWatcher(broker, stack.topics, EventType.BOT_HEARTBEAT, EventType.POOL_STATUS,
                EventType.BOT_SPAWN_FAILED);
    }

    @AfterAll
    void stop() throws Exception {
        if (tap != null) {
            tap.close();
        }
        clearBed();
    }

    @Test
    @Order(1)
    void aRoleWithoutUpdateOnPodsIsNamedUntilTheRoleHasItThenReusedPodsServeAgain() throws Exception {
        admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName(ROLE).endMetadata()
                .withRules(rule("", "pods", "get", "list", "delete"),
                        rule("apps", "deployments", "get", "create", "update", "delete"),
                        rule("", "podtemplates", "get")).build()).create();
        admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(ROLE).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName(ROLE).endRoleRef().addNewSubject().withKind("User").withName(USER)
                .withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
        PoolManager pm = poolManager(NS, POOL + ":min=2,max=4,deadline=120000,spawnTimeout=60000,heartbeat=1000,"
                + "missedHeartbeats=5,claimTimeout=30000,backoff=500");
        try {
            Await.until(() -> ready() == 2, WAIT, () -> "2 READY bots; pods: " + names(pods.all()));
            for (Pod pod : pods.warm()) {
                BotHeartbeat beat = tap.await(BotHeartbeat.class,
                        hb -> hb.botId().equals(pod.getMetadata().getName()), WAIT);
                assertThat(beat.provisionId()).as("the bot's provisionId is its pod's uid")
                        .isEqualTo(pod.getMetadata().getUid());
            }
            assertThat(readiness(pm)).as("all is well").isEqualTo(200);

            // The relabel is refused: the pool manager says so, naming the verb, and the router's pool view too.
            ChatClient refused = stack.chat(router, "/chat?pool=" + POOL);
            refused.expect("queued");
            String refusedBot = refused.expect("assigned", WAIT).getString("botId");
            String forbidden = "forbidden: the pool manager may not update pods in namespace " + NS;
            Await.until("readiness names the missing verb", WAIT, () -> readiness(pm) == 503
                    && readinessReason(pm).startsWith("provisioner: " + forbidden)
                    && readinessReason(pm).contains("verb 'update'"));
            assertThat(poolManagerPools(pm).getJsonObject(0).getString("error")).startsWith(forbidden);
            BotSpawnFailed failed = tap.await(BotSpawnFailed.class, f -> f.pool().equals(POOL), WAIT);
            assertThat(failed.error()).startsWith(forbidden);
            Await.until("the router's pool view shows the error", WAIT, () -> routerPools().stream()
                    .map(JsonObject.class::cast).anyMatch(p -> POOL.equals(p.getString("pool"))
                            && p.getString("error", "").startsWith(forbidden)));
            assertThat(pods.pod(refusedBot).getMetadata().getLabels()).containsEntry(BotLabels.ASSIGNED,
                    BotLabels.NOT_ASSIGNED);
            assertThat(refused.reply("Hello!")).as("the bot serves the chat anyway")
                    .isEqualTo("Hello. How are you feeling today?");
            refused.end();
            refused.expect("ended");

            // The Role gets the verb: the next relabel works and the problem is gone.
            admin.rbac().roles().inNamespace(NS).withName(ROLE).edit(role -> new RoleBuilder(role).editFirstRule()
                    .addToVerbs("update").endRule().build());
            Await.until(() -> ready() == 2, WAIT, () -> "2 READY bots again; pods: " + names(pods.all()));
            Set<String> warmBefore = names(pods.warm());
            ChatClient chat = stack.chat(router, "/chat?pool=" + POOL);
            chat.expect("queued");
            var assigned = chat.expect("assigned", WAIT);
            String botId = assigned.getString("botId");
            String sessionId = assigned.getString("sessionId");
            Await.until("pod " + botId + " relabelled", WAIT, () -> sessionId.equals(pods.label(botId)));
            Await.until("readiness is 200 again", WAIT, () -> readiness(pm) == 200);
            assertThat(poolManagerPools(pm).getJsonObject(0).containsKey("error")).isFalse();
            Await.until(() -> pods.warm().stream().anyMatch(p -> !warmBefore.contains(p.getMetadata().getName())),
                    WAIT, () -> "the ReplicaSet's replacement; pods: " + names(pods.all()));

            // Reuse: the session ends, the pod is labelled back and its bot is READY again.
            long endedAt = System.currentTimeMillis();
            assertThat(chat.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
            chat.end();
            chat.expect("ended");
            Await.until("pod " + botId + " labelled back", WAIT,
                    () -> BotLabels.NOT_ASSIGNED.equals(pods.label(botId)));
            tap.await(BotHeartbeat.class, hb -> hb.botId().equals(botId) && hb.state() == BotState.READY
                    && hb.sentAt() > endedAt, WAIT);
            Await.until(() -> pods.replicas(POOL) == 2 && pods.warm().size() == 2 && pods.relabelled().isEmpty()
                            && pods.warm().stream().anyMatch(p -> p.getMetadata().getName().equals(botId))
                            && ready() == 2, WAIT,
                    () -> "2 warm pods, " + botId + " among them, after the ReplicaSet trimmed one; pods: "
                            + names(pods.all()));
            assertThat(pods.pod(botId).getMetadata().getOwnerReferences()).extracting("kind")
                    .as("the ReplicaSet adopted it back").containsExactly("ReplicaSet");

            // Its bot serves again: two chats at once take both warm bots, the returned one among them.
            ChatClient first = stack.chat(router, "/chat?pool=" + POOL);
            ChatClient second = stack.chat(router, "/chat?pool=" + POOL);
            first.expect("queued");
            second.expect("queued");
            Set<String> served = Set.of(first.expect("assigned", WAIT).getString("botId"),
                    second.expect("assigned", WAIT).getString("botId"));
            assertThat(served).contains(botId);
            for (ChatClient c : List.of(first, second)) {
                assertThat(c.reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
                c.end();
                c.expect("ended");
            }
            Await.until(() -> pods.replicas(POOL) == 2 && pods.warm().size() == 2 && pods.relabelled().isEmpty()
                            && ready() == 2 && node.runningPods().equals(names(pods.warm())), WAIT,
                    () -> "the warm count back at minReady with no extra pod or process; pods: " + names(pods.all())
                            + ", processes: " + node.runningPods());
            assertThat(readiness(pm)).isEqualTo(200);
        } finally {
            pm.stop().await(90, TimeUnit.SECONDS);
        }
        Await.until(() -> pods.all().isEmpty() && node.runningPods().isEmpty()
                        && admin.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get() == null,
                WAIT, () -> "nothing left after the pool manager stopped; pods: " + names(pods.all()));
    }

    @Test
    @Order(2)
    void aNamespaceThatDoesNotExistIsNamedUntilItIsCreated() throws Exception {
        String absent = "warmpool-later";
        // Rights in every namespace, so that the answer is "not found" rather than "forbidden".
        String everywhere = "warmpool-pool-manager-everywhere";
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(everywhere)
                .endMetadata().withRules(rule("", "pods", "get", "list", "update", "delete"),
                        rule("apps", "deployments", "get", "create", "update", "delete"),
                        rule("", "podtemplates", "get")).build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName(everywhere).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole").withName(everywhere).endRoleRef().addNewSubject().withKind("User")
                .withName(USER).withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
        String pool = "later";
        PoolManager pm = poolManager(absent, pool + ":min=1,max=2,spawnTimeout=60000,backoff=500");
        try {
            String missing = "namespace missing: " + absent + " does not exist";
            Await.until("readiness names the namespace", WAIT, () -> readiness(pm) == 503
                    && readinessReason(pm).startsWith("provisioner: " + missing));
            Await.until("the pool manager's /api/pools shows the error", WAIT, () -> !poolManagerPools(pm).isEmpty()
                    && poolManagerPools(pm).getJsonObject(0).getString("error", "").startsWith(missing));
            Await.until("the router's pool view shows the error", WAIT, () -> routerPools().stream()
                    .map(JsonObject.class::cast).anyMatch(p -> pool.equals(p.getString("pool"))
                            && p.getString("error", "").startsWith(missing)));

            ok(controlPlane.kubectl("create", "namespace", absent));
            Await.until("readiness is 200 once the namespace exists", WAIT, () -> readiness(pm) == 200);
            assertThat(poolManagerPools(pm).getJsonObject(0).containsKey("error")).isFalse();
            assertThat(admin.apps().deployments().inNamespace(absent).withName(BotLabels.deploymentName(pool)).get())
                    .isNotNull();
        } finally {
            pm.stop().await(90, TimeUnit.SECONDS);
            admin.rbac().clusterRoleBindings().withName(everywhere).delete();
        }
        Await.until("the Deployment in " + absent + " removed at stop", WAIT, () -> admin.apps().deployments()
                .inNamespace(absent).withName(BotLabels.deploymentName(pool)).get() == null);
    }

    private PoolManager poolManager(String namespace, String pools) {
        Map<String, String> env = stack.env(
                "WARMPOOL_POOLS", pools,
                "WARMPOOL_HEARTBEAT_MS", "1000",
                "WARMPOOL_BOT_REUSE", "true",
                "WARMPOOL_PROVISIONER", "kubernetes",
                "WARMPOOL_KUBECONFIG", controlPlane.poolManagerKubeconfig().toString(),
                "WARMPOOL_KUBERNETES_NAMESPACE", namespace,
                "WARMPOOL_BOT_WARMUP_MS", "300",
                "WARMPOOL_RECONCILE_MS", "1000",
                "WARMPOOL_ALLOCATOR_GROUP", stack.topics.prefix() + "allocator-" + namespace,
                "WARMPOOL_PROVISIONER_GROUP", stack.topics.prefix() + "provisioner-" + namespace,
                PoolManagerConfig.HTTP_PORT, "0");
        return Stack.await(PoolManagerMain.start(stack.vertx, PoolManagerSetup.from(Env.of(env)), Clock.systemUTC()));
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
    }

    private int readiness(PoolManager pm) {
        return get(pm.http().actualPort(), "/health/ready").statusCode();
    }

    private String readinessReason(PoolManager pm) {
        String body = get(pm.http().actualPort(), "/health/ready").body();
        return body.startsWith("{") ? new JsonObject(body).getString("reason", "") : "";
    }

    private JsonArray poolManagerPools(PoolManager pm) {
        return new JsonArray(get(pm.http().actualPort(), "/api/pools").body());
    }

    private JsonArray routerPools() {
        return new JsonArray(get(router.port(), "/api/pools").body());
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** READY bots of the pool in the allocator's latest {@code pool.status}. */
    private int ready() {
        return BotPods.ready(tap, POOL);
    }
}
