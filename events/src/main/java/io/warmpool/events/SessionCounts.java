package io.warmpool.events;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sessions of one pool in a window: requested (first attempts), assigned, and rejected and ended
 * counted by reason, each session at most once per outcome. Reasons are the wire names of
 * {@link RejectReason} and {@link EndReason}; a reason with no session is left out.
 */
public record SessionCounts(long requested, long assigned, Map<String, Long> rejected, Map<String, Long> ended) {
    public SessionCounts {
        Require.notNegative("sessions.requested", requested);
        Require.notNegative("sessions.assigned", assigned);
        rejected = reasons("sessions.rejected", rejected);
        rejected.keySet().forEach(RejectReason::of);
        ended = reasons("sessions.ended", ended);
        ended.keySet().forEach(EndReason::of);
    }

    private static Map<String, Long> reasons(String field, Map<String, Long> counts) {
        Require.present(field, counts);
        counts.forEach((reason, n) -> Require.notNegative(field + "." + reason, Require.present(field, n)));
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    public long endedTotal() {
        return ended.values().stream().mapToLong(Long::longValue).sum();
    }
}
