package io.warmpool.events.codec;

/**
 * A record that is not a valid warmpool event. The message names the topic, the field (or the
 * envelope part) and the problem, so that an operator reading the dead-letter topic knows what to fix.
 */
public class EventDecodingException extends RuntimeException {
    private final String topic;
    private final String field;
    private final String problem;

    public EventDecodingException(String topic, String field, String problem) {
        this(topic, field, problem, null);
    }

    public EventDecodingException(String topic, String field, String problem, Throwable cause) {
        // Bad input, not a bug: the message says what and where, and a stack trace per record of a flood costs.
        super("topic '" + topic + "': " + field + ": " + problem, cause, false, false);
        this.topic = topic;
        this.field = field;
        this.problem = problem;
    }

    public String topic() {
        return topic;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
