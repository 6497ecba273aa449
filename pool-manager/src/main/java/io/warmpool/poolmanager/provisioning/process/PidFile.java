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

    static Path path(Path dir, String botId) {
        return dir.resolve(botId + SUFFIX);
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("pool", pool);
        p.setProperty("provisionId", provisionId);
        p.setProperty("startedAt", Long.toString(startedAt));
        Path tmp = dir.resolve(botId + SUFFIX + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "warmpool bot " + botId);
        }
        Files.move(tmp, path(dir, botId), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static PidFile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        String name = file.getFileName().toString();
        try {
            return new PidFile(name.substring(0, name.length() - SUFFIX.length()), Long.parseLong(p.getProperty("pid")),
                    p.getProperty("pool", ""), p.getProperty("provisionId", ""),
                    Long.parseLong(p.getProperty("startedAt", "0")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable pid file " + file + ": " + e.getMessage(), e);
        }
    }
}
