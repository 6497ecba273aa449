package io.warmpool.poolmanager.pool;

import io.warmpool.events.WarmpoolEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input did: the events to publish, in order; the requests some of them answer (a
 * {@code bot.assigned} or {@code session.rejected}, each settled once its event is acknowledged);
 * and the queued requests that left the queue without an answer because nobody needs one any more
 * (their session is served, over or withdrawn, or their router is gone).
 */
public record Effects(List<WarmpoolEvent> events, List<Answer> answers, List<RequestKey> withdrawn) {
    public static final Effects NONE = new Effects(List.of(), List.of(), List.of());

    /** {@code event} (one of {@link #events()}) answers {@code request}. */
    public record Answer(RequestKey request, WarmpoolEvent event) {
    }

    public Effects {
        events = List.copyOf(events);
        answers = List.copyOf(answers);
        withdrawn = List.copyOf(withdrawn);
    }

    /** One answer and nothing else. */
    public static Effects answer(RequestKey request, WarmpoolEvent event) {
        return new Effects(List.of(event), List.of(new Answer(request, event)), List.of());
    }

    public Effects plus(Effects other) {
        if (other.events.isEmpty() && other.withdrawn.isEmpty()) {
            return this;
        }
        return new Effects(concat(events, other.events), concat(answers, other.answers),
                concat(withdrawn, other.withdrawn));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Collects the effects of one step. */
    static final class Builder {
        private final List<WarmpoolEvent> events = new ArrayList<>();
        private final List<Answer> answers = new ArrayList<>();
        private final List<RequestKey> withdrawn = new ArrayList<>();

        void emit(WarmpoolEvent event) {
            events.add(event);
        }

        void answer(RequestKey request, WarmpoolEvent event) {
            events.add(event);
            answers.add(new Answer(request, event));
        }

        void withdraw(RequestKey key) {
            withdrawn.add(key);
        }

        Effects build() {
            return events.isEmpty() && withdrawn.isEmpty() ? NONE : new Effects(events, answers, withdrawn);
        }
    }
}
