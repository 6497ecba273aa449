package io.warmpool.poolmanager.pool;

import java.util.HashMap;
import java.util.Map;

/**
 * The routers a pool hears from, and whether one has gone quiet. A router counts as gone when it
 * announced itself ({@code router.heartbeat}) and then stayed silent for {@link #MISSED} of its own
 * intervals <em>of the pool's input time</em>: the clock only moves with records read, so a pause
 * of the whole input (a broker outage, a consumer that did not poll) is no evidence against a
 * router. Routers that never announce themselves are never taken for gone.
 */
final class RouterPresence {
    /** Heartbeat intervals of silence after which a router's queued requests are dropped. */
    static final int MISSED = 3;

    private record Heard(long at, long intervalMs) {
    }

    private final Map<String, Heard> routers = new HashMap<>();
    private long inputAt = Long.MIN_VALUE;

    private RouterPresence(Map<String, Heard> routers, long inputAt) {
        this.routers.putAll(routers);
        this.inputAt = inputAt;
    }

    RouterPresence() {
    }

    RouterPresence copy() {
        return new RouterPresence(routers, inputAt);
    }

    /** Any record of the pool was read at {@code now}. */
    void input(long now) {
        inputAt = Math.max(inputAt, now);
    }

    void heartbeat(String routerId, long intervalMs, long now) {
        input(now);
        routers.put(routerId, new Heard(now, intervalMs));
    }

    /** A request proves its router alive; it keeps the interval it announced, if any. */
    void request(String routerId, long now) {
        input(now);
        routers.computeIfPresent(routerId, (id, h) -> new Heard(now, h.intervalMs()));
    }

    boolean gone(String routerId) {
        Heard h = routers.get(routerId);
        return h != null && inputAt - h.at() > MISSED * h.intervalMs();
    }

    /** Forgets routers gone for longer than {@code memoryMs} of input time. */
    void expire(long memoryMs) {
        routers.values().removeIf(h -> inputAt - h.at() > memoryMs);
    }
}
