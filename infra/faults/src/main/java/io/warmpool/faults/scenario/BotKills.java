package io.warmpool.faults.scenario;

import io.warmpool.events.BotState;
import io.warmpool.faults.load.LongChat;
import io.warmpool.bench.stack.Part;
import io.warmpool.faults.stack.Recorder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scenario 4: kill -9 a tenth of the pool at once, half READY bots and half bots in the middle of a long chat. */
public record BotKills() implements Scenario {
    @Override
    public String name() {
        return "4-bot-kill";
    }

    @Override
    public String fault() {
        return "kill -9 10% of the bots at once (READY ones and mid-chat ones)";
    }

    @Override
    public Fault inject(Context c) throws Exception {
        Map<String, Part> bots = c.stack().bots();
        int n = Math.max(2, (int) Math.round(bots.size() * 0.1));
        Set<String> chatting = new HashSet<>();
        c.load().chats().stream().map(LongChat::botId).filter(bots::containsKey).forEach(chatting::add);
        List<String> ready = c.stack().recorder().latest().values().stream()
                .filter(b -> b.state() == BotState.READY && bots.containsKey(b.botId())
                        && !chatting.contains(b.botId()))
                .map(Recorder.Beat::botId).toList();
        Set<String> victims = new HashSet<>();
        chatting.stream().limit(n / 2).forEach(victims::add);
        ready.stream().limit(n - victims.size()).forEach(victims::add);
        long start = System.currentTimeMillis();
        for (String bot : victims) {
            bots.get(bot).kill();
        }
        return Fault.of(start, start, "killed " + victims.size() + " of " + bots.size() + " bots ("
                + victims.stream().filter(chatting::contains).count() + " mid-chat)").killed(victims);
    }
}
