package io.warmpool.testkit;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts as the one node of a control plane that has no kubelet: binds the pods it selects to itself,
 * runs each pod's first container as a local process with the pod's environment (values, Downward
 * API fields, Secret keys), reports the pod Running and, once the container's HTTP readiness probe
 * answers, Ready; a process that exits makes its pod Failed. A pod being deleted gets its process
 * stopped (SIGTERM, then SIGKILL after its grace period) and is then removed, as a kubelet confirms
 * a deletion. Pods share 127.0.0.1, so each gets a free port in {@code portVariable} instead of an IP
 * of its own; the probes use that port.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final String LOCALHOST = "127.0.0.1";

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> selector;
    private final Function<Pod, List<String>> command;
    private final Map<String, String> envOverrides;
    private final String portVariable;
    private final Path logDir;
    private final String nodeName = "warmpool-test-node";
    private final Map<String, Running> processes = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node-agent"));
    private final ScheduledExecutorService stops = Executors.newScheduledThreadPool(4, r -> daemon(r, "node-agent-stop"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private record Running(String uid, Process process, int port, boolean ready) {
        Running asReady() {
            return new Running(uid, process, port, true);
        }
    }

    /**
     * @param selector     the labels of the pods this node runs (others stay Pending)
     * @param command      the local command that stands for a pod's container
     * @param envOverrides set on top of each pod's environment (the address of a broker the test runs, ...)
     * @param portVariable the variable that tells the process its port
     * @param logDir       where each pod's output goes, as {@code <pod>.log}
     */
    public NodeAgent(KubernetesClient client, String namespace, Map<String, String> selector,
                     Function<Pod, List<String>> command, Map<String, String> envOverrides, String portVariable,
                     Path logDir) {
        this.client = client;
        this.namespace = namespace;
        this.selector = Map.copyOf(selector);
        this.command = command;
        this.envOverrides = Map.copyOf(envOverrides);
        this.portVariable = portVariable;
        this.logDir = logDir;
    }

    /** Registers the node (Ready) and starts acting on pods every 200 ms. */
    public NodeAgent start() {
        Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build())
                .create();
        String now = Instant.now().toString();
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addNewCondition().withType("Ready").withStatus("True").withReason("NodeAgentReady")
                    .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(LOCALHOST).endAddress()
                .addToCapacity(Map.of("cpu", new Quantity("64"), "memory", new Quantity("64Gi"), "pods", new Quantity("110")))
                .addToAllocatable(Map.of("cpu", new Quantity("64"), "memory", new Quantity("64Gi"), "pods", new Quantity("110")))
                .build());
        client.nodes().resource(node).updateStatus();
        loop.scheduleWithFixedDelay(this::syncQuietly, 0, 200, TimeUnit.MILLISECONDS);
        // A test JVM that is killed leaves no bot process behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values()
                .forEach(r -> r.process().destroyForcibly()), "stop-node-agent-pods"));
        return this;
    }

    /** The pods whose process runs now. */
    public Set<String> runningPods() {
        Set<String> alive = new java.util.TreeSet<>();
        processes.forEach((pod, r) -> {
            if (r.process().isAlive()) {
                alive.add(pod);
            }
        });
        return alive;
    }

    /** The process of a pod, to kill it behind Kubernetes' back. */
    public java.util.Optional<Process> process(String pod) {
        return java.util.Optional.ofNullable(processes.get(pod)).map(Running::process);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("node agent: {}", e.toString());
        }
    }

    private void sync() {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
        Set<String> listed = new java.util.HashSet<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            listed.add(name);
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                terminate(pod);
            } else if (pod.getSpec().getNodeName() == null) {
                bind(name);
            } else if (nodeName.equals(pod.getSpec().getNodeName())) {
                run(pod);
            }
        }
        processes.keySet().stream().filter(p -> !listed.contains(p)).toList().forEach(this::stopGone);
    }

    private void bind(String pod) {
        try {
            client.bindings().inNamespace(namespace).resource(new BindingBuilder().withNewMetadata().withName(pod)
                    .endMetadata().withNewTarget().withKind("Node").withName(nodeName).endTarget().build()).create();
        } catch (KubernetesClientException e) {
            LOG.debug("bind {}: {}", pod, e.getMessage()); // bound meanwhile, or deleted: the next round sees it
        }
    }

    private void run(Pod pod) {
        String name = pod.getMetadata().getName();
        Running running = processes.get(name);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (running != null && !running.uid().equals(pod.getMetadata().getUid())) {
            return; // a pod of the same name being replaced: wait for the old one to go
        }
        if (running == null) {
            if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                launch(pod);
            }
        } else if (!running.process().isAlive()) {
            if (!"Failed".equals(phase)) {
                report(pod, "Failed", false, running.process().exitValue());
            }
        } else if (!running.ready() && probe(pod, running.port())) {
            processes.put(name, running.asReady());
            report(pod, "Running", true, null);
        }
    }

    private void launch(Pod pod) {
        String name = pod.getMetadata().getName();
        Container container = pod.getSpec().getContainers().get(0);
        try {
            int port = freePort();
            Map<String, String> env = environment(pod, container);
            env.putAll(envOverrides);
            env.put(portVariable, Integer.toString(port));
            ProcessBuilder builder = new ProcessBuilder(command.apply(pod)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
            builder.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
            builder.environment().putAll(env);
            processes.put(name, new Running(pod.getMetadata().getUid(), builder.start(), port, false));
            report(pod, "Running", false, null);
            LOG.info("node agent: pod {} runs on port {}", name, port);
        } catch (IOException | RuntimeException e) {
            LOG.warn("node agent: cannot run pod {}: {}", name, e.toString());
        }
    }

    private Map<String, String> environment(Pod pod, Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            env.put(var.getName(), var.getValueFrom() == null ? String.valueOf(var.getValue())
                    : resolve(pod, var.getName(), var.getValueFrom()));
        }
        return env;
    }

    private String resolve(Pod pod, String variable, EnvVarSource source) {
        if (source.getFieldRef() != null) {
            return switch (source.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> pod.getMetadata().getNamespace();
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "status.podIP", "status.hostIP" -> LOCALHOST;
                case "spec.nodeName" -> nodeName;
                default -> throw new IllegalArgumentException(variable + ": field " + source.getFieldRef().getFieldPath()
                        + " is not supported by the node agent");
            };
        }
        if (source.getSecretKeyRef() != null) {
            Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace())
                    .withName(source.getSecretKeyRef().getName()).get();
            String value = secret == null || secret.getData() == null ? null
                    : secret.getData().get(source.getSecretKeyRef().getKey());
            if (value == null) {
                throw new IllegalArgumentException(variable + ": Secret " + source.getSecretKeyRef().getName()
                        + " has no key " + source.getSecretKeyRef().getKey());
            }
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException(variable + ": only fieldRef and secretKeyRef are supported");
    }

    private boolean probe(Pod pod, int port) {
        var probe = pod.getSpec().getContainers().get(0).getReadinessProbe();
        if (probe == null || probe.getHttpGet() == null) {
            return true;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + LOCALHOST + ":" + port
                    + probe.getHttpGet().getPath())).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 400;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes the pod's status as a kubelet would; a conflict is left to the next round. */
    private void report(Pod pod, String phase, boolean ready, Integer exitCode) {
        String now = Instant.now().toString();
        Container container = pod.getSpec().getContainers().get(0);
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(container.getName())
                .withImage(container.getImage()).withImageID("node-agent://" + container.getImage())
                .withReady(ready).withStarted(exitCode == null).withRestartCount(0);
        if (exitCode == null) {
            status.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
        } else {
            status.withNewState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed"
                    : "Error").withFinishedAt(now).endTerminated().endState();
        }
        PodStatus podStatus = new PodStatusBuilder().withPhase(phase).withHostIP(LOCALHOST).withPodIP(LOCALHOST)
                .withStartTime(pod.getStatus() != null && pod.getStatus().getStartTime() != null
                        ? pod.getStatus().getStartTime() : now)
                .withConditions(condition("PodScheduled", true, now), condition("Initialized", true, now),
                        condition("ContainersReady", ready, now), condition("Ready", ready, now))
                .withContainerStatuses(status.build())
                .build();
        pod.setStatus(podStatus);
        try {
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.debug("status of {}: {}", pod.getMetadata().getName(), e.getMessage());
            if (ready) {
                processes.computeIfPresent(pod.getMetadata().getName(),
                        (k, r) -> new Running(r.uid(), r.process(), r.port(), false));
            }
        }
    }

    private static PodCondition condition(String type, boolean status, String now) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withLastTransitionTime(now).build();
    }

    /** A pod being deleted: stop its process within its grace period, then confirm the deletion. */
    private void terminate(Pod pod) {
        String name = pod.getMetadata().getName();
        if (!stopping.add(name)) {
            return;
        }
        long grace = pod.getMetadata().getDeletionGracePeriodSeconds() == null ? 30
                : pod.getMetadata().getDeletionGracePeriodSeconds();
        stops.execute(() -> {
            try {
                Running running = processes.remove(name);
                if (running != null) {
                    stop(running.process(), Duration.ofSeconds(Math.min(grace, 15)));
                }
                client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            } catch (RuntimeException e) {
                LOG.warn("node agent: removing pod {}: {}", name, e.toString());
            } finally {
                stopping.remove(name);
            }
        });
    }

    private void stopGone(String name) {
        Running running = processes.remove(name);
        if (running != null) {
            stops.execute(() -> stop(running.process(), Duration.ZERO));
        }
    }

    private static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every process, then removes the node. */
    @Override
    public void close() {
        loop.shutdownNow();
        List<Process> left = new ArrayList<>();
        processes.values().forEach(r -> left.add(r.process()));
        processes.clear();
        left.forEach(Process::destroy);
        left.forEach(p -> stop(p, Duration.ofSeconds(5)));
        stops.shutdownNow();
        try {
            client.nodes().withName(nodeName).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("node agent: cannot remove node {}: {}", nodeName, e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
