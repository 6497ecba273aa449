package io.warmpool.router.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KubernetesControlPlane;
import io.warmpool.testkit.NodeAgent;

/** What a Kubernetes IT reads of its {@link KubernetesBed}, named once for every such IT. */
abstract class OnKubernetesBed {
    protected KubernetesBed bed;
    protected KubernetesControlPlane controlPlane;
    protected KubernetesClient admin;
    protected BotPods pods;
    protected NodeAgent node;
    protected Stack stack;
    protected RouterVerticle router;

    protected void lay(KubernetesBed laid) {
        bed = laid;
        controlPlane = laid.controlPlane();
        admin = laid.admin();
        pods = laid.pods();
        stack = laid.stack();
        node = laid.node();
        router = laid.router();
    }

    protected void clearBed() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }
}
