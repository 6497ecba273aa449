package io.warmpool.faults.scenario;

import io.warmpool.bench.stack.Wait;
import io.warmpool.events.EventType;
import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.inject.MalformedRecords;
import io.warmpool.faults.stack.Stack;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scenario 6: malformed records on every topic a service consumes, written during the load. */
public final class MalformedInput implements Scenario {
    private static final Duration DEAD_LETTERED = Duration.ofMinutes(2);
    private Set<String> written = Set.of();

    @Override
    public String name() {
        return "6-malformed";
    }

    @Override
    public String fault() {
        return "malformed records on every input topic (5 kinds + one 1 MB record each)";
    }

    @Override
    public Duration length(FaultOptions o) {
        return Duration.ofSeconds(10 + 8L * o.malformed() / 1_500);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Map<EventType, String> topics = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            topics.put(t, c.stack().installation().topics().of(t));
        }
        long start = System.currentTimeMillis();
        written = MalformedRecords.write(c.stack().installation().bootstrap(), c.stack().recorder(), topics,
                Stack.POOL, c.options().malformed());
        return Fault.of(start, System.currentTimeMillis(), written.size() + " records written on " + topics.size()
                + " topics (" + c.options().malformed() + " each + one of 1 MB)");
    }

    @Override
    public List<Check> checks(Context c) {
        try {
            Wait.until("every malformed record in the DLQ", DEAD_LETTERED,
                    () -> c.stack().recorder().deadLettered().containsAll(written));
        } catch (IllegalStateException notAll) {
            // reported below
        }
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(c.stack().recorder().deadLettered());
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        missing.forEach(k -> byTopic.merge(k.substring(0, k.indexOf('/')), 1L, Long::sum));
        return List.of(new Check("malformed records in the DLQ", (written.size() - missing.size()) + " of "
                + written.size() + (missing.isEmpty() ? "" : ", missing by topic " + byTopic), "all",
                missing.isEmpty()));
    }
}
