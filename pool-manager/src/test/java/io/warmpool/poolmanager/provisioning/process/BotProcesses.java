package io.warmpool.poolmanager.provisioning.process;

import java.util.List;

/** What the operating system says runs: bot JVMs found by their command line, not by our bookkeeping. */
final class BotProcesses {
    private BotProcesses() {
    }

    /** Live processes whose command line names a bot of {@code pool} (bot ids start with the pool name). */
    static List<ProcessHandle> ofPool(String pool) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> CommandLine.botId(p).map(id -> id.startsWith(pool + "-")).orElse(false))
                .toList();
    }

    static String botId(ProcessHandle p) {
        return CommandLine.botId(p).orElseThrow();
    }
}
