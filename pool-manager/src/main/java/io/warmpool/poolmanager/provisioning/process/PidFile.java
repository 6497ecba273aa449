package io.warmpool.poolmanager.provisioning.process;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a spawned bot process leaves on disk: its pid, pool, provisionId and start time. A pool
 * manager that crashed leaves these behind; the next one finds its predecessor's bots through them.
 */
record PidFile(String botId, long pid, String pool, String provisionId, long startedAt) {
    static final String SUFFIX = ".pid";
    /** A spawn under way: written before the process starts, removed once its pid file is written. */
    static final String SPAWNING_SUFFIX = ".spawning";

    static Path path(Path dir, String botId) {
        return dir.resolve(botId + SUFFIX);
    }

    static Path spawning(Path dir, String botId) {
        return dir.resolve(botId + SPAWNING_SUFFIX);
    }

    void write(Path dir) throws IOException {
        writeAs(path(dir, botId));
    }

    /** The spawn's intent: what the pid file will say, but the pid, which only the started process has. */
    void writeIntent(Path dir) throws IOException {
        writeAs(spawning(dir, botId));
    }

    private void writeAs(Path target) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("pool", pool);
        p.setProperty("provisionId", provisionId);
        p.setProperty("startedAt", Long.toString(startedAt));
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "warmpool bot " + botId);
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static PidFile read(Path file) throws IOException {
        return read(file, SUFFIX);
    }

    static PidFile read(Path file, String suffix) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        String name = file.getFileName().toString();
        try {
            return new PidFile(name.substring(0, name.length() - suffix.length()), Long.parseLong(p.getProperty("pid")),
                    p.getProperty("pool", ""), p.getProperty("provisionId", ""),
                    Long.parseLong(p.getProperty("startedAt", "0")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable pid file " + file + ": " + e.getMessage(), e);
        }
    }
}
