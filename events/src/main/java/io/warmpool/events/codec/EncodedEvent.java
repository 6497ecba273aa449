package io.warmpool.events.codec;

import java.util.List;
import org.apache.kafka.common.header.Header;

/** An event ready for Kafka: its topic, key, CloudEvents headers and JSON payload. */
public record EncodedEvent(String topic, String key, List<Header> headers, byte[] payload) {
    public EncodedEvent {
        headers = List.copyOf(headers);
    }
}
