package io.warmpool.bot.engine;

import java.util.ArrayList;
import java.util.List;

/** The turns of one session, oldest first. Immutable: a failed reply leaves the session's copy untouched. */
public record Conversation(List<Turn> turns) {
    public Conversation {
        turns = List.copyOf(turns);
    }

    public static Conversation empty() {
        return new Conversation(List.of());
    }

    public Conversation with(Turn turn) {
        List<Turn> more = new ArrayList<>(turns);
        more.add(turn);
        return new Conversation(more);
    }

    public List<String> userTexts() {
        return turns.stream().filter(t -> t.role() == Turn.Role.USER).map(Turn::text).toList();
    }
}
