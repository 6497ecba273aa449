package io.warmpool.events.codec;

import io.warmpool.events.WarmpoolEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A plain Kafka {@link Deserializer} over {@link EventCodec}. It throws {@link EventDecodingException}
 * on bad input; warmpool's own consumers read bytes and decode in the handler instead, so that one
 * bad record goes to the dead-letter topic rather than stalling {@code poll()}.
 */
public final class EventDeserializer implements Deserializer<WarmpoolEvent> {
    private final EventCodec codec;

    public EventDeserializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public WarmpoolEvent deserialize(String topic, byte[] data) {
        return codec.decode(topic, null, data);
    }

    @Override
    public WarmpoolEvent deserialize(String topic, Headers headers, byte[] data) {
        return codec.decode(topic, headers, data);
    }
}
