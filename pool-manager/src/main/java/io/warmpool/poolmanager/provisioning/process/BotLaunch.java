package io.warmpool.poolmanager.provisioning.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to start a bot worker JVM: this JVM's own {@code java}, small-heap flags that favour a fast
 * start, and either the bot's runnable jar or, when the bot worker is already on this JVM's class
 * path (the standalone stack), that class path and the bot's main class; optionally under
 * {@code nice}, so that on a shared machine a bot's boot yields the CPU to the services.
 *
 * @param nice the bots' niceness (0: as the pool manager)
 */
public record BotLaunch(List<String> command, int nice) {
    public static final String BOT_MAIN = "io.warmpool.bot.app.BotMain";
    /** C1 only with one compiler thread, serial GC, small heap, stacks and code cache: a bot is small and starts often. */
    public static final String DEFAULT_JVM_OPTS = "-Xms16m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-XX:CICompilerCount=1 -Xss256k -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData";

    private static final List<Path> NICE = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));

    public BotLaunch {
        command = List.copyOf(command);
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice must be 0 to 19, got " + nice);
        }
        if (nice > 0 && niceProgram().isEmpty()) {
            throw new IllegalArgumentException("bots are to run at nice " + nice + " but there is no nice program ("
                    + NICE.get(0) + " or " + NICE.get(1) + "): install coreutils, or set WARMPOOL_BOT_NICE=0");
        }
    }

    public BotLaunch(List<String> command) {
        this(command, 0);
    }

    /** The same launch at a lower scheduling priority ({@code nice -n}); 0 leaves it as it is. */
    public BotLaunch withNice(int niceness) {
        return new BotLaunch(command, niceness);
    }

    private static Optional<Path> niceProgram() {
        return NICE.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * @param botJar the bot worker's runnable jar, if configured ({@code WARMPOOL_BOT_JAR})
     * @param jvmOpts extra JVM options ({@code WARMPOOL_BOT_JVM_OPTS})
     */
    public static BotLaunch resolve(Optional<Path> botJar, String jvmOpts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String opt : jvmOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        if (botJar.isPresent()) {
            if (!Files.isRegularFile(botJar.get())) {
                throw new IllegalArgumentException("bot jar " + botJar.get().toAbsolutePath() + " does not exist: "
                        + "build it with 'mvn -pl bot-worker -am package -DskipTests'");
            }
            Path jar = botJar.get().toAbsolutePath();
            sharedArchive(jar, jvmOpts).ifPresent(cmd::add);
            cmd.add("-jar");
            cmd.add(jar.toString());
            return new BotLaunch(cmd);
        }
        if (!onClassPath(BOT_MAIN)) {
            throw new IllegalArgumentException("the bot worker is not on this class path: set WARMPOOL_BOT_JAR to "
                    + "bot-worker/target/warmpool-bot-worker.jar");
        }
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(java.io.File.pathSeparator) && Files.isRegularFile(Path.of(classPath))) {
            Path jar = Path.of(classPath).toAbsolutePath(); // the standalone stack's one jar
            sharedArchive(jar, jvmOpts).ifPresent(cmd::add);
            classPath = jar.toString();
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(BOT_MAIN);
        return new BotLaunch(cmd);
    }

    /**
     * The class-data-sharing archive the build dumped beside {@code jar} ({@code name.jsa}, for the jar's
     * absolute path), unless the options already say how to share classes. A JVM that finds it stale
     * (the jar rebuilt, another JDK) starts without it.
     */
    static Optional<String> sharedArchive(Path jar, String jvmOpts) {
        String name = jar.getFileName().toString();
        Path archive = jar.resolveSibling(name.replaceFirst("\\.jar$", "") + ".jsa");
        if (!name.endsWith(".jar") || !Files.isRegularFile(archive) || jvmOpts.contains("-Xshare")
                || jvmOpts.contains("SharedArchiveFile")) {
            return Optional.empty();
        }
        return Optional.of("-XX:SharedArchiveFile=" + archive);
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, BotLaunch.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /**
     * The command for one bot: the marker system properties go first, so {@code ps} shows them.
     * Where {@code setsid} exists the bot gets a session of its own: a Ctrl-C in the terminal then
     * reaches the pool manager only, which stops its bots in order instead of all at once.
     */
    List<String> forBot(String botId) {
        List<String> cmd = new ArrayList<>(command.size() + 6);
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        if (nice > 0) {
            // nice and setsid exec the JVM: the pid recorded is the bot's own.
            cmd.addAll(List.of(niceProgram().orElseThrow().toString(), "-n", Integer.toString(nice)));
        }
        cmd.add(command.get(0));
        cmd.add(ProcessProvisioner.MANAGED_MARKER);
        cmd.add(ProcessProvisioner.BOT_MARKER + botId);
        cmd.addAll(command.subList(1, command.size()));
        return cmd;
    }
}
