package io.warmpool.poolmanager.provisioning.docker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.warmpool.testkit.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local images the Docker tests run: built with {@code infra/docker/build-images.sh --offline} when
 * missing. A test that cannot have them is skipped, or failed under {@code WARMPOOL_REQUIRE_DOCKER=1}.
 */
final class BotImages {
    static final String BOT = "warmpool/bot-worker:dev";
    static final String KAFKA = "warmpool/kafka:4.1.1";

    private BotImages() {
    }

    static synchronized void ensure(String... images) {
        List<String> missing = missing(images);
        if (missing.isEmpty()) {
            return;
        }
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Path script = repo.resolve("infra/docker/build-images.sh");
        Path log = repo.resolve("pool-manager/target/build-images.log");
        try {
            Files.createDirectories(log.getParent());
            Process build = new ProcessBuilder("bash", script.toString(), "--offline").directory(repo.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(20, TimeUnit.MINUTES)) {
                build.destroyForcibly();
            }
        } catch (Exception e) {
            unavailable("could not run " + script + ": " + e);
        }
        missing = missing(images);
        if (!missing.isEmpty()) {
            unavailable(missing + " missing after " + script + " --offline; see " + log);
        }
    }

    /** Testcontainers cannot pull its reaper without a registry: it must be disabled (or present). */
    static void ensureTestcontainersCanRun() {
        boolean ryukOff = "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        boolean ryukHere = !DockerEngine.client().listImagesCmd()
                .withFilter("reference", List.of("testcontainers/ryuk")).exec().isEmpty();
        if (!ryukOff && !ryukHere) {
            unavailable("Testcontainers needs TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE="
                    + "localhost where no registry answers (testcontainers/ryuk cannot be pulled)");
        }
    }

    private static List<String> missing(String... images) {
        return List.of(images).stream().filter(i -> {
            try {
                DockerEngine.client().inspectImageCmd(i).exec();
                return false;
            } catch (RuntimeException e) {
                return true;
            }
        }).toList();
    }

    private static void unavailable(String reason) {
        if ("1".equals(System.getenv("WARMPOOL_REQUIRE_DOCKER"))) {
            fail(reason);
        }
        abort(reason);
    }
}
