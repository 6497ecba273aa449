package io.warmpool.faults.scenario;

import java.util.List;
import java.util.Set;

/**
 * What a scenario did: when its fault began and ended (epoch millis), the bots it killed on
 * purpose (a chat on one of them may end, with {@code bot_lost}), whether the long chats must
 * survive it at all, and what it observed on the way.
 *
 * @param recoveryBound the "serving again" target from {@code end}, in milliseconds
 */
public record Fault(long start, long end, Set<String> killedBots, boolean chatsMustSurvive, long recoveryBound,
                    List<String> notes) {
    public static final long SERVING_AGAIN_MS = 2_000;

    public Fault {
        killedBots = Set.copyOf(killedBots);
        notes = List.copyOf(notes);
    }

    public static Fault of(long start, long end, String... notes) {
        return new Fault(start, end, Set.of(), true, SERVING_AGAIN_MS, List.of(notes));
    }

    public Fault chatsMayEnd() {
        return new Fault(start, end, killedBots, false, recoveryBound, notes);
    }

    public Fault killed(Set<String> bots) {
        return new Fault(start, end, bots, chatsMustSurvive, recoveryBound, notes);
    }

    public Fault recoveryWithin(long ms) {
        return new Fault(start, end, killedBots, chatsMustSurvive, ms, notes);
    }
}
