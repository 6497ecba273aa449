package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.inject.SocketAbuse;
import io.warmpool.faults.stack.Stack;
import java.time.Duration;
import java.util.Map;

/** Scenario 7: abusive WebSocket clients against the router while it serves the load. */
public record WebSocketAbuse() implements Scenario {
    @Override
    public String name() {
        return "7-ws-abuse";
    }

    @Override
    public String fault() {
        return "WebSocket abuse: garbage, oversize, floods, vanishing, slow readers, half-open handshakes";
    }

    @Override
    public Duration length(FaultOptions o) {
        return o.abuseWindow().plusSeconds(5);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        long start = System.currentTimeMillis();
        Duration hold = c.options().quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        Map<SocketAbuse.Kind, SocketAbuse.Counts> counts = SocketAbuse.run(c.stack().routerPort(), Stack.POOL,
                c.options().abuse(), c.options().abuseWindow(), hold);
        return Fault.of(start, System.currentTimeMillis(), counts.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase() + ": " + e.getValue()).toArray(String[]::new));
    }
}
