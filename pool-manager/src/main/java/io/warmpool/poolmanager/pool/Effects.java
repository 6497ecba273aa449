package io.warmpool.poolmanager.pool;

import io.warmpool.events.WarmpoolEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input did: the events to publish, in order, and the queued requests that left the queue
 * without an answer because their session no longer needs one (it is being served, or over).
 */
public record Effects(List<WarmpoolEvent> events, List<RequestKey> withdrawn) {
    public static final Effects NONE = new Effects(List.of(), List.of());

    public Effects {
        events = List.copyOf(events);
        withdrawn = List.copyOf(withdrawn);
    }

    public Effects plus(Effects other) {
        if (other.events.isEmpty() && other.withdrawn.isEmpty()) {
            return this;
        }
        List<WarmpoolEvent> e = new ArrayList<>(events);
        e.addAll(other.events);
        List<RequestKey> w = new ArrayList<>(withdrawn);
        w.addAll(other.withdrawn);
        return new Effects(e, w);
    }

    /** Collects the effects of one step. */
    static final class Builder {
        private final List<WarmpoolEvent> events = new ArrayList<>();
        private final List<RequestKey> withdrawn = new ArrayList<>();

        void emit(WarmpoolEvent event) {
            events.add(event);
        }

        void withdraw(RequestKey key) {
            withdrawn.add(key);
        }

        Effects build() {
            return events.isEmpty() && withdrawn.isEmpty() ? NONE : new Effects(events, withdrawn);
        }
    }
}
