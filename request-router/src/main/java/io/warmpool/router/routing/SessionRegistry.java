package io.warmpool.router.routing;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.WarmpoolEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This router's open sessions by sessionId, the pending ones waiting for {@code bot.assigned} or
 * {@code session.rejected}. Answers for other routers are ignored; a bot assigned to one of ours that is
 * no longer here (answered at its deadline while the assignment was on its way, as after a pause of
 * the allocator) is handed back, see {@link #dispatch}.
 * A relaying session is ended by its parties only (the client, the bot, or either one's socket),
 * never by the allocator's view of the bot. Used on one event loop.
 */
public final class SessionRegistry {
    private final String routerId;
    private final Map<String, RoutedSession> sessions = new HashMap<>();

    public SessionRegistry(String routerId) {
        this.routerId = routerId;
    }

    public void add(RoutedSession session) {
        sessions.put(session.sessionId(), session);
    }

    public void remove(RoutedSession session) {
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
        sessions.values().stream().filter(RoutedSession::waitsForABot)
                .forEach(s -> waiting.merge(s.pool(), 1, Integer::sum));
        return waiting.entrySet().stream()
                .map(e -> RouterHeartbeat.of(routerId, e.getKey(), e.getValue(), intervalMs, now)).toList();
    }

    /**
     * Routes one consumed event to the session it answers, if it is ours. A bot assigned to a session
     * of ours that is gone comes back as the {@code session.withdrawn} to publish: nobody will claim
     * it, and without a word the allocator would hold it for its claim timeout.
     */
    public Optional<SessionWithdrawn> dispatch(WarmpoolEvent event, long now) {
        if (event instanceof BotAssigned a && routerId.equals(a.routerId())) {
            Optional<RoutedSession> session = find(a.sessionId());
            if (session.isEmpty()) {
                return Optional.of(SessionWithdrawn.of(a.sessionId(), a.pool(), routerId, EndReason.CLIENT_GONE, now));
            }
            session.get().onAssigned(a);
        } else if (event instanceof SessionRejected r && routerId.equals(r.routerId())) {
            find(r.sessionId()).ifPresent(s -> s.onRejected(r));
        }
        return Optional.empty();
    }

    private Optional<RoutedSession> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }
}
