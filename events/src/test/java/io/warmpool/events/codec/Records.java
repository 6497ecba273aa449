package io.warmpool.events.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Test helpers to take an encoded event apart and spoil it in one place. */
final class Records {
    static final ObjectMapper JSON = new ObjectMapper();

    private Records() {
    }

    static Headers headers(EncodedEvent e) {
        return new RecordHeaders(e.headers().toArray(Header[]::new));
    }

    static Headers withHeader(EncodedEvent e, String name, String value) {
        Headers h = headers(e);
        h.remove(name);
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    static ObjectNode tree(EncodedEvent e) {
        try {
            return (ObjectNode) JSON.readTree(e.payload());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
