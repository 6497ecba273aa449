package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.warmpool.events.PoolStatus;
import io.warmpool.events.TopicWatcher;
import io.warmpool.poolmanager.provisioning.kubernetes.BotLabels;
import io.warmpool.testkit.KubernetesControlPlane;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The bot pods of a namespace as the Kubernetes ITs look at them, read as the administrator. */
record BotPods(KubernetesClient admin, String namespace) {

    List<Pod> all() {
        return admin.pods().inNamespace(namespace).withLabel(BotLabels.NAME, BotLabels.BOT).list().getItems();
    }

    /** Labelled {@code not_assigned} and not being deleted: the Deployment's own. */
    List<Pod> warm() {
        return all().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> BotLabels.NOT_ASSIGNED.equals(p.getMetadata().getLabels().get(BotLabels.ASSIGNED)))
                .toList();
    }

    List<Pod> relabelled() {
        return all().stream()
                .filter(p -> !BotLabels.NOT_ASSIGNED.equals(p.getMetadata().getLabels().get(BotLabels.ASSIGNED)))
                .toList();
    }

    Pod pod(String name) {
        return admin.pods().inNamespace(namespace).withName(name).get();
    }

    /** The pod's {@code warmpool.io/assigned} label, null if there is no such pod. */
    String label(String name) {
        Pod pod = pod(name);
        return pod == null ? null : pod.getMetadata().getLabels().get(BotLabels.ASSIGNED);
    }

    int replicas(String pool) {
        return admin.apps().deployments().inNamespace(namespace).withName(BotLabels.deploymentName(pool)).get()
                .getSpec().getReplicas();
    }

    /** READY bots of the pool in the allocator's latest {@code pool.status}, -1 before the first. */
    static int ready(TopicWatcher tap, String pool) {
        return tap.events(PoolStatus.class, status -> status.pool().equals(pool)).stream()
                .max(Comparator.comparingLong(PoolStatus::emittedAt))
                .map(status -> status.snapshot().ready()).orElse(-1);
    }

    static Set<String> names(List<Pod> pods) {
        Set<String> names = new HashSet<>();
        pods.forEach(p -> names.add(p.getMetadata().getName()));
        return names;
    }

    static void ok(KubernetesControlPlane.Result result) {
        assertThat(result.exitStatus()).as(result.output()).isZero();
    }
}
