package io.warmpool.faults.scenario;

import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.inject.ClaimForgery;
import java.time.Duration;
import io.warmpool.faults.load.LongChat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Scenario 8: forged, wrong-bot, expired and replayed claims sent straight to the bots. */
public final class ForgedClaims implements Scenario {
    private int accepted;
    private int sent;

    @Override
    public String name() {
        return "8-forged-claims";
    }

    @Override
    public String fault() {
        return "forged, wrong-bot, expired and replayed claims straight to bots";
    }

    @Override
    public Duration length(FaultOptions o) {
        return Duration.ofSeconds(5 + o.claims() / 500);
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Set<String> held = c.load().chats().stream().map(LongChat::botId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        long start = System.currentTimeMillis();
        Map<ClaimForgery.Kind, Map<Integer, AtomicInteger>> answers = ClaimForgery.run(c.options().claims(),
                c.stack().installation().claimKey(), () -> c.stack().recorder().latest(), held::contains);
        accepted = answers.values().stream().mapToInt(m -> m.getOrDefault(101, new AtomicInteger()).get()).sum();
        sent = answers.values().stream().flatMap(m -> m.values().stream()).mapToInt(AtomicInteger::get).sum();
        return Fault.of(start, System.currentTimeMillis(), answers.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase() + ": HTTP status -> count " + e.getValue()
                        + " (-1: no bot to send to, or no answer)")
                .toArray(String[]::new));
    }

    @Override
    public List<Check> checks(Context c) {
        return List.of(new Check("claims accepted by a bot", accepted + " of " + sent, "0", accepted == 0));
    }
}
