package io.warmpool.events;

/**
 * The Kubernetes pod a bot runs in, as the bot learns it from the Downward API. Optional in
 * {@code bot.heartbeat}: bots that are processes or containers send none, and a reader that does
 * not know the field ignores it, so it came without a new major schema version.
 */
public record PodRef(String name, String namespace) {
    public PodRef {
        Require.text("pod.name", name);
        Require.text("pod.namespace", namespace);
        if (name.length() > 253) {
            throw new InvalidFieldException("pod.name", "must have at most 253 characters");
        }
        if (namespace.length() > 63) {
            throw new InvalidFieldException("pod.namespace", "must have at most 63 characters");
        }
    }
}
