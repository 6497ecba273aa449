package io.warmpool.bench.stack;

import io.warmpool.poolmanager.provisioning.process.BotLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service jars of one checkout, each started the way README starts it: {@code java [options] -jar
 * JAR} in a JVM of its own, configured by environment. Shared by the benchmarks and the fault suite.
 *
 * @param repo       the checkout whose {@code MODULE/target/*.jar} run
 * @param jvmOptions added to every service's command line before {@code -jar} (heap)
 * @param profiles   when present, every service records a JFR profile there, {@code NAME.jfr}, written at its exit
 */
public record ServiceJars(Path repo, List<String> jvmOptions, Optional<Path> profiles) {
    public static final String POOL_MANAGER = "pool-manager";
    public static final String ROUTER = "request-router";
    public static final String BOT = "bot-worker";

    public ServiceJars {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public ServiceJars(Path repo, List<String> jvmOptions) {
        this(repo, jvmOptions, Optional.empty());
    }

    /** The runnable jar a module's package phase builds: {@code warmpool-MODULE.jar}. */
    public Path jar(String module) {
        return repo.resolve(module).resolve("target").resolve("warmpool-" + module + ".jar").toAbsolutePath()
                .normalize();
    }

    /**
     * A pool manager's settings with both roles, {@code pools}, the reuse policy as the bots' default
     * and process bots from this checkout's bot jar, each bot's command line carrying {@code botMarker}
     * (so that the process table tells which bots an installation left).
     */
    public Map<String, String> poolManagerEnv(Installation installation, String pools, int httpPort, long warmupMs,
                                              Path botDir, String botMarker) {
        return installation.env(
                "WARMPOOL_ROLES", "allocator,provisioner",
                "WARMPOOL_POOLS", pools,
                "WARMPOOL_HTTP_PORT", Integer.toString(httpPort),
                "WARMPOOL_ALLOCATOR_GROUP", installation.topics().prefix() + "allocator",
                "WARMPOOL_PROVISIONER_GROUP", installation.topics().prefix() + "provisioner",
                "WARMPOOL_BOT_REUSE", "true",
                "WARMPOOL_BOT_WARMUP_MS", Long.toString(warmupMs),
                "WARMPOOL_BOT_DIR", botDir.toString(),
                "WARMPOOL_BOT_JAR", jar(BOT).toString(),
                "WARMPOOL_BOT_JVM_OPTS", BotLaunch.DEFAULT_JVM_OPTS + " " + botMarker);
    }

    /** Starts {@code module}'s jar as {@code name} with {@code env} and {@code extraOptions}, output in {@code log}. */
    public Service start(String name, String module, Map<String, String> env, List<String> extraOptions, Path log)
            throws IOException {
        Path path = jar(module);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build the services first "
                    + "(mvn -B -q package -DskipTests in " + repo.toAbsolutePath().normalize() + ")");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(extraOptions);
        profiles.ifPresent(d -> cmd.add("-XX:StartFlightRecording=filename=" + d.resolve(name + ".jfr").toAbsolutePath()
                + ",settings=profile,dumponexit=true"));
        cmd.add("-jar");
        cmd.add(path.toString());
        return Service.start(name, cmd, env, log);
    }
}
