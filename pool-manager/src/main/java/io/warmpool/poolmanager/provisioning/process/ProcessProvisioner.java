package io.warmpool.poolmanager.provisioning.process;

import io.warmpool.poolmanager.provisioning.BotSpec;
import io.warmpool.poolmanager.provisioning.ManagedBot;
import io.warmpool.poolmanager.provisioning.Provisioner;
import io.warmpool.poolmanager.provisioning.ProvisioningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bots as child JVMs on this machine, the embedded default. Each writes its output to
 * {@code <dir>/<botId>.log} and is recorded in {@code <dir>/<botId>.pid}; its command line carries
 * {@code -Dwarmpool.managed=true -Dwarmpool.botId=...}, which is how a pid is told apart from an
 * unrelated process that reused it. A removed bot's log is kept only among the
 * {@value #KEPT_LOGS} most recent of removed bots, so long runs do not fill the disk.
 */
public final class ProcessProvisioner implements Provisioner {
    static final String MANAGED_MARKER = "-Dwarmpool.managed=true";
    static final String BOT_MARKER = "-Dwarmpool.botId=";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessProvisioner.class);
    /** Logs of removed bots kept for a post-mortem; older ones are deleted. */
    static final int KEPT_LOGS = 10;
    private static final String LOG_SUFFIX = ".log";
    private static final Set<String> BASIC_ENV = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "JAVA_HOME", "TMPDIR");

    private final Path dir;
    private final BotLaunch launch;
    private final Duration closeGrace;

    public ProcessProvisioner(Path dir, BotLaunch launch, Duration closeGrace) {
        this.dir = dir;
        this.launch = launch;
        this.closeGrace = closeGrace;
        try {
            Files.createDirectories(dir);
            recordUnrecordedSpawns();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bot directory " + dir.toAbsolutePath(), e);
        }
    }

    /**
     * A pool manager killed between a bot's start and its pid file leaves a bot that nobody would ever
     * stop; its spawn's intent says which. Before anything is spawned here, each intent becomes the pid
     * file of the process carrying its bot id, or goes if there is none (never started, or gone).
     */
    private void recordUnrecordedSpawns() throws IOException {
        List<Path> intents;
        try (Stream<Path> files = Files.list(dir)) {
            intents = files.filter(f -> f.getFileName().toString().endsWith(PidFile.SPAWNING_SUFFIX)).toList();
        }
        for (Path f : intents) {
            PidFile intent = PidFile.read(f, PidFile.SPAWNING_SUFFIX);
            Optional<ProcessHandle> bot = ProcessHandle.allProcesses()
                    .filter(h -> CommandLine.botId(h).map(intent.botId()::equals).orElse(false)).findFirst();
            if (bot.isPresent() && !Files.exists(PidFile.path(dir, intent.botId()))) {
                new PidFile(intent.botId(), bot.get().pid(), intent.pool(), intent.provisionId(), intent.startedAt())
                        .write(dir);
                LOG.warn("bot {} (pid {}) was started by a pool manager that stopped before recording it: recorded now",
                        intent.botId(), bot.get().pid());
            }
            Files.deleteIfExists(f);
        }
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
        ProcessBuilder builder = new ProcessBuilder(launch.forBot(spec.botId()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(spec.botId() + LOG_SUFFIX).toFile()));
        // Only what the bot needs: the pool manager's own settings (ports, pools) are not the bot's.
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(BASIC_ENV);
        env.putAll(spec.env());
        env.putIfAbsent("WARMPOOL_BOT_HOST", "127.0.0.1");
        long startedAt = System.currentTimeMillis();
        Path intent = PidFile.spawning(dir, spec.botId());
        Process process;
        try {
            new PidFile(spec.botId(), 0, spec.pool(), spec.provisionId(), startedAt).writeIntent(dir);
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(intent);
            throw new ProvisioningException("cannot start a bot JVM (" + launch.command().get(0) + "): "
                    + e.getMessage(), e);
        }
        PidFile pid = new PidFile(spec.botId(), process.pid(), spec.pool(), spec.provisionId(), startedAt);
        try {
            pid.write(dir);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new ProvisioningException("cannot record bot " + spec.botId() + " in " + dir + ": " + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(intent);
        }
        return new ManagedBot(spec.botId(), spec.pool(), spec.provisionId(), true, startedAt);
    }

    @Override
    public void stop(String botId, Duration grace) throws ProvisioningException {
        Optional<ProcessHandle> handle = handle(botId);
        if (handle.isPresent()) {
            terminate(List.of(handle.get()), grace);
        }
        remove(botId);
    }

    @Override
    public void remove(String botId) throws ProvisioningException {
        try {
            Files.deleteIfExists(PidFile.path(dir, botId));
            pruneLogs();
        } catch (IOException e) {
            throw new ProvisioningException("cannot remove the pid file of " + botId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the logs of removed bots (no pid file left) beyond the {@value #KEPT_LOGS} most recent. */
    private void pruneLogs() throws IOException {
        List<Path> orphans;
        try (Stream<Path> files = Files.list(dir)) {
            orphans = files.filter(f -> f.getFileName().toString().endsWith(LOG_SUFFIX))
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return !Files.exists(PidFile.path(dir, name.substring(0, name.length() - LOG_SUFFIX.length())));
                    })
                    .sorted(Comparator.comparingLong(ProcessProvisioner::modified).reversed())
                    .toList();
        }
        for (Path old : orphans.subList(Math.min(KEPT_LOGS, orphans.size()), orphans.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0; // deleted meanwhile: first to go
        }
    }

    @Override
    public List<ManagedBot> list() throws ProvisioningException {
        List<ManagedBot> bots = new ArrayList<>();
        for (PidFile p : pidFiles()) {
            bots.add(new ManagedBot(p.botId(), p.pool(), p.provisionId(), live(p).isPresent(), p.startedAt()));
        }
        return bots;
    }

    /** Stops every managed bot recorded here: all get SIGTERM at once, then SIGKILL after the grace. */
    @Override
    public void close() {
        try {
            List<PidFile> files = pidFiles();
            terminate(files.stream().flatMap(p -> live(p).stream()).toList(), closeGrace);
            for (PidFile p : files) {
                remove(p.botId());
            }
        } catch (ProvisioningException e) {
            LOG.error("could not stop every bot process", e);
        }
    }

    private static void terminate(List<ProcessHandle> handles, Duration grace) {
        handles.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            handles.stream().filter(ProcessHandle::isAlive).forEach(h -> {
                LOG.warn("bot process {} ignored SIGTERM for {} ms: killing it", h.pid(), grace.toMillis());
                h.destroyForcibly();
            });
        }
    }

    private Optional<ProcessHandle> handle(String botId) throws ProvisioningException {
        Path file = PidFile.path(dir, botId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return live(PidFile.read(file));
        } catch (IOException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    /** The live process of a pid file, if the pid still belongs to that bot. */
    private static Optional<ProcessHandle> live(PidFile p) {
        return ProcessHandle.of(p.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> CommandLine.botId(h).map(p.botId()::equals).orElse(false));
    }

    private List<PidFile> pidFiles() throws ProvisioningException {
        try (Stream<Path> files = Files.list(dir)) {
            List<PidFile> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(PidFile.SUFFIX)).toList()) {
                try {
                    out.add(PidFile.read(f));
                } catch (IOException e) {
                    LOG.warn("ignoring {}", e.getMessage());
                }
            }
            return out;
        } catch (IOException e) {
            throw new ProvisioningException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
