package io.warmpool.poolmanager.pool;

import io.warmpool.events.BotView;
import io.warmpool.events.Endpoint;

/**
 * One bot of a pool, immutable; the {@link Pool} replaces it on every change.
 *
 * @param seq        the highest heartbeat sequence seen; older ones are ignored
 * @param heardAt    when it was last heard from, for liveness
 * @param since      when it entered {@code status}
 * @param readySince when it last became READY: the most recently READY bot is handed out first
 * @param confirmed  a heartbeat of it was sent after the pool was (re)built; only then is it handed out
 */
public record Bot(String botId, BotStatus status, Endpoint endpoint, String sessionId, long seq, long heardAt,
                  long since, long readySince, boolean confirmed) {

    public boolean assignable() {
        return status == BotStatus.READY && confirmed && endpoint != null;
    }

    Bot heard(long seq, long heardAt, Endpoint endpoint, boolean confirmed) {
        return new Bot(botId, status, endpoint == null ? this.endpoint : endpoint, sessionId, seq, heardAt, since,
                readySince, this.confirmed || confirmed);
    }

    Bot to(BotStatus newStatus, String newSessionId, long now) {
        return new Bot(botId, newStatus, endpoint, newSessionId, seq, heardAt, status == newStatus ? since : now,
                readySince, confirmed);
    }

    Bot readyAgain(long newReadySince, long now) {
        return new Bot(botId, BotStatus.READY, endpoint, null, seq, heardAt, status == BotStatus.READY ? since : now,
                newReadySince, confirmed);
    }

    BotView view() {
        return new BotView(botId, status.name(), sessionId, since);
    }
}
