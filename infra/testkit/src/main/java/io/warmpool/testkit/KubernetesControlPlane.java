package io.warmpool.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Kubernetes control plane for a test: etcd, kube-apiserver and kube-controller-manager
 * (deployment, replicaset and garbage-collector controllers), started by the project's
 * {@code infra/kubernetes/controlplane/start.sh} from the binaries {@code build.sh} cached. Without
 * those binaries the test is skipped, or fails when {@code WARMPOOL_REQUIRE_KUBERNETES=1}.
 */
public final class KubernetesControlPlane implements AutoCloseable {
    public static final String REQUIRE = "WARMPOOL_REQUIRE_KUBERNETES";

    private final Path scripts;
    private final Path dir;

    private KubernetesControlPlane(Path scripts, Path dir) {
        this.scripts = scripts;
        this.dir = dir;
    }

    /** Starts one in a fresh folder; skips the calling test if the binaries are not built (unless required). */
    public static KubernetesControlPlane start() {
        Path scripts = scripts();
        Path cache = Path.of(System.getenv().getOrDefault("WARMPOOL_KUBERNETES_CACHE",
                System.getProperty("user.home") + "/.cache/warmpool/kubernetes"), "bin");
        boolean built = List.of("etcd", "kube-apiserver", "kube-controller-manager").stream()
                .allMatch(b -> Files.isExecutable(cache.resolve(b)));
        String why = "no Kubernetes control plane binaries in " + cache + ": run " + scripts.resolve("build.sh");
        if (!built && "1".equals(System.getenv(REQUIRE))) {
            throw new AssertionError(REQUIRE + "=1 but " + why);
        }
        Assumptions.assumeTrue(built, why);
        try {
            Path dir = Files.createTempDirectory("warmpool-k8s-");
            Path log = dir.resolveSibling(dir.getFileName() + ".start.log");
            Process start = new ProcessBuilder("bash", scripts.resolve("start.sh").toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!start.waitFor(300, TimeUnit.SECONDS) || start.exitValue() != 0) {
                start.destroyForcibly();
                KubernetesControlPlane failed = new KubernetesControlPlane(scripts, dir);
                failed.close();
                throw new AssertionError("start.sh failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.deleteIfExists(log);
            KubernetesControlPlane started = new KubernetesControlPlane(scripts, dir);
            // A test JVM that is killed still stops etcd and the servers it started.
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-control-plane"));
            return started;
        } catch (IOException e) {
            throw new AssertionError("cannot start the control plane", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A kubeconfig for the user {@code admin} (group system:masters). */
    public Path adminKubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    /** A kubeconfig for the user {@code warmpool-pool-manager}, allowed nothing until a RoleBinding says so. */
    public Path poolManagerKubeconfig() {
        return dir.resolve("pool-manager.kubeconfig");
    }

    public KubernetesClient adminClient() {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(adminKubeconfig()))).build();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs kubectl with the admin kubeconfig; returns its exit status and output. */
    public Result kubectl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", adminKubeconfig().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl (install Debian's kubernetes-client)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a command said. */
    public record Result(int exitStatus, String output) {
    }

    /** The project's folder of control plane scripts, found upwards from the working directory. */
    public static Path scripts() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("infra/kubernetes/controlplane");
            if (Files.isRegularFile(candidate.resolve("start.sh"))) {
                return candidate;
            }
        }
        throw new AssertionError("infra/kubernetes/controlplane not found above " + Path.of("").toAbsolutePath());
    }

    /** The project's root: the folder above {@code infra/}. */
    public static Path projectRoot() {
        return scripts().getParent().getParent().getParent();
    }

    /** Stops the servers and removes their folder; a second call does nothing. */
    @Override
    public void close() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Process stop = new ProcessBuilder("bash", scripts.resolve("stop.sh").toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            stop.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("cannot stop the control plane in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
