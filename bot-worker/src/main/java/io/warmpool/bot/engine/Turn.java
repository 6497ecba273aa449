package io.warmpool.bot.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** One utterance of a conversation. SYSTEM turns (instructions) come only from a whole conversation handed over at once. */
public record Turn(Role role, String text) {
    public enum Role {
        SYSTEM, USER, ASSISTANT;

        /** The role as chat completions APIs spell it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> of(String wire) {
            return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
        }
    }

    public static Turn user(String text) {
        return new Turn(Role.USER, text);
    }

    public static Turn assistant(String text) {
        return new Turn(Role.ASSISTANT, text);
    }
}
