package io.warmpool.bot.engine;

/** One utterance of a conversation. */
public record Turn(Role role, String text) {
    public enum Role { USER, ASSISTANT }

    public static Turn user(String text) {
        return new Turn(Role.USER, text);
    }

    public static Turn assistant(String text) {
        return new Turn(Role.ASSISTANT, text);
    }
}
