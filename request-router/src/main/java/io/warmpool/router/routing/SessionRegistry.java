package io.warmpool.router.routing;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.router.session.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This router's open sessions by sessionId: the pending ones waiting for {@code bot.assigned} or
 * {@code session.rejected}, and the relaying ones (the allocator may declare their bot lost). Answers
 * for other routers, or for sessions no longer here, are ignored. Used on one event loop.
 */
public final class SessionRegistry {
    private final String routerId;
    private final Map<String, ClientSession> sessions = new HashMap<>();

    public SessionRegistry(String routerId) {
        this.routerId = routerId;
    }

    void add(ClientSession session) {
        sessions.put(session.sessionId(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.sessionId(), session);
    }

    public int size() {
        return sessions.size();
    }

    /**
     * This router's presence, one {@code router.heartbeat} per pool in which some of its sessions wait
     * for a bot: the allocator drops the queued requests of a router it stops hearing.
     */
    public List<RouterHeartbeat> presence(long intervalMs, long now) {
        Map<String, Integer> waiting = new TreeMap<>();
        sessions.values().stream().filter(ClientSession::waitsForABot)
                .forEach(s -> waiting.merge(s.pool(), 1, Integer::sum));
        return waiting.entrySet().stream()
                .map(e -> RouterHeartbeat.of(routerId, e.getKey(), e.getValue(), intervalMs, now)).toList();
    }

    /** Routes one consumed event to the session it answers, if it is ours. */
    public void dispatch(WarmpoolEvent event) {
        if (event instanceof BotAssigned a && routerId.equals(a.routerId())) {
            find(a.sessionId()).ifPresent(s -> s.onAssigned(a));
        } else if (event instanceof SessionRejected r && routerId.equals(r.routerId())) {
            find(r.sessionId()).ifPresent(s -> s.onRejected(r));
        } else if (event instanceof SessionEnded e && e.reason() == EndReason.BOT_LOST
                && !Session.REPORTER.equals(e.reportedBy())) {
            // The allocator heard the bot's heartbeats stop: its socket may still look open.
            find(e.sessionId()).ifPresent(s -> s.onBotLost(e.botId()));
        }
    }

    private Optional<ClientSession> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }
}
