package io.warmpool.router.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request rate limits per API key (or per address when clients need no key): a {@link FloodGuard} each,
 * with the WebSocket's rate and burst. The least recently seen keys beyond {@code maxKeys} are forgotten,
 * so that a stream of made-up tokens cannot grow it without bound. Pure: time comes in as {@code now}.
 */
public final class KeyRate {
    private final double perSecond;
    private final int burst;
    private final Map<String, FloodGuard> guards;

    public KeyRate(double perSecond, int burst, int maxKeys) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.guards = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FloodGuard> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** True when one more request of {@code key} is within its limit. */
    public boolean admit(String key, long now) {
        return guards.computeIfAbsent(key, k -> new FloodGuard(perSecond, burst, now)).admit(now)
                == FloodGuard.Verdict.ACCEPT;
    }
}
