package io.warmpool.events.codec;

import io.warmpool.events.WarmpoolEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** A plain Kafka {@link Serializer} over {@link EventCodec}, for any Kafka client (analytics, tools). */
public final class EventSerializer implements Serializer<WarmpoolEvent> {
    private final EventCodec codec;

    public EventSerializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, WarmpoolEvent data) {
        throw new UnsupportedOperationException("CloudEvents binary mode needs record headers: use serialize(topic, headers, data)");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, WarmpoolEvent data) {
        if (data == null) {
            return null;
        }
        EncodedEvent encoded = codec.encode(data);
        for (Header h : encoded.headers()) {
            headers.remove(h.key());
            headers.add(h);
        }
        return encoded.payload();
    }
}
