package io.warmpool.events;

/**
 * The payload version, {@code MAJOR.MINOR}. A reader accepts any minor version of a major it knows
 * (minor versions only add optional fields) and rejects a newer major.
 */
public final class SchemaVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 1; // 1.1: session.withdrawn, router.heartbeat, bot.claim.failed, pool.stats; reject reason claim_failed
    public static final String CURRENT = MAJOR + "." + MINOR;

    private SchemaVersion() {
    }

    /** Returns the major version of {@code version}, or throws if it is not of the form MAJOR.MINOR. */
    public static int majorOf(String version) {
        int dot = version == null ? -1 : version.indexOf('.');
        if (dot <= 0) {
            throw new InvalidFieldException("schemaVersion", "must look like MAJOR.MINOR but was '" + version + "'");
        }
        try {
            Integer.parseInt(version.substring(dot + 1));
            return Integer.parseInt(version.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("schemaVersion", "must look like MAJOR.MINOR but was '" + version + "'");
        }
    }

    /** Returns the version (the current one when absent) or throws if its major is newer than ours. */
    public static String check(String version) {
        String v = version == null ? CURRENT : version;
        int major = majorOf(v);
        if (major > MAJOR) {
            throw new InvalidFieldException("schemaVersion", "is " + v + ", newer than the supported major version " + MAJOR);
        }
        return v;
    }
}
