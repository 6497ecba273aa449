package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A script of src/test/browser run by node against Debian's headless Chromium (playwright-core).
 * Skipped where the browser or node_modules are missing, except in CI ({@code CI=true}) or with
 * {@code WARMPOOL_REQUIRE_BROWSER=1}, where that is a failure.
 */
final class Browser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCRIPTS = Path.of(System.getProperty("warmpool.browser.dir", "src/test/browser"));
    static final Path SHOTS = Path.of(System.getProperty("warmpool.screenshots.dir", "target/screenshots"));

    private Browser() {
    }

    static void assumeReady() {
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"));
        boolean required = "true".equals(System.getenv("CI")) || "1".equals(System.getenv("WARMPOOL_REQUIRE_BROWSER"));
        if (required) {
            assertThat(ready).as("chromium at " + CHROMIUM + " and `npm ci --prefix " + SCRIPTS + "` are required").isTrue();
        }
        assumeTrue(ready, "no chromium or node_modules: browser test skipped");
    }

    /** Runs {@code node script baseUrl screenshotDir} and returns the JSON of its last output line. */
    static JsonObject run(String script, String baseUrl) throws Exception {
        File log = Files.createTempFile(script, ".log").toFile();
        List<String> command = new ArrayList<>(List.of("node", script, baseUrl, SHOTS.toAbsolutePath().toString()));
        Process node = new ProcessBuilder(command)
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(false)
                .redirectError(log)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        boolean done = node.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as("node " + script + ": " + out + "\n" + Files.readString(log.toPath())).isZero();
        String[] lines = out.split("\n");
        return new JsonObject(lines[lines.length - 1]);
    }
}
