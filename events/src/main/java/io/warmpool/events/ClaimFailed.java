package io.warmpool.events;

/**
 * A router could not claim the bot assigned to one attempt of a session. The allocator takes the bot
 * back from that assignment at once and holds it back until it proves itself (see DESIGN).
 *
 * @param status the bot's HTTP answer (401, 409, ...), 0 when it could not be reached
 */
public record ClaimFailed(String schemaVersion, String sessionId, int attempt, String botId, String pool,
                          String routerId, ClaimRefusal reason, int status, long failedAt) implements WarmpoolEvent {
    public ClaimFailed {
        schemaVersion = SchemaVersion.check(schemaVersion);
        Require.id("sessionId", sessionId);
        Require.positive("attempt", attempt);
        Require.id("botId", botId);
        Require.id("pool", pool);
        Require.id("routerId", routerId);
        Require.present("reason", reason);
        if (status != 0 && (status < 100 || status > 599)) {
            throw new InvalidFieldException("status", "must be 0 or an HTTP status but was " + status);
        }
        Require.notNegative("failedAt", failedAt);
    }

    public static ClaimFailed of(String sessionId, int attempt, String botId, String pool, String routerId,
                                 int status, long failedAt) {
        return new ClaimFailed(SchemaVersion.CURRENT, sessionId, attempt, botId, pool, routerId,
                ClaimRefusal.ofStatus(status), status, failedAt);
    }

    @Override
    public String key() {
        return pool;
    }

    @Override
    public long occurredAt() {
        return failedAt;
    }
}
