package io.warmpool.poolmanager.provisioning.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of a running process. The JDK gives up on command lines longer than a page on
 * Linux (a bot started with a long class path has one), so /proc is read first.
 */
final class CommandLine {
    private CommandLine() {
    }

    static Optional<List<String>> of(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return Optional.of(Arrays.asList(raw.split("\0")));
            } catch (IOException e) {
                return Optional.empty(); // it exited meanwhile
            }
        }
        return process.info().arguments().map(List::of);
    }

    /** The bot id a managed bot process carries on its command line, if it is one. */
    static Optional<String> botId(ProcessHandle process) {
        return of(process).flatMap(args -> args.stream()
                .filter(a -> a.startsWith(ProcessProvisioner.BOT_MARKER))
                .findFirst()
                .map(a -> a.substring(ProcessProvisioner.BOT_MARKER.length())));
    }
}
