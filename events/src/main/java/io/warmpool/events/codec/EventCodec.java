package io.warmpool.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.warmpool.events.EventType;
import io.warmpool.events.InvalidFieldException;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SchemaVersion;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns events into Kafka records and back: CloudEvents 1.0 in binary mode (ce_* headers) around a
 * JSON payload. Decoding is strict: every problem raises {@link EventDecodingException}, never
 * anything else, so a consumer can dead-letter the record and go on.
 */
public final class EventCodec {
    public static final String CONTENT_TYPE = "application/json";
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * What only decoding needs, built on the first decode (a service's {@link #warmedUp()}, on a
     * worker thread) and never in a process that only publishes: a bot paid for all of it at every
     * start. One reader per event type, its deserializer built when the reader is (Jackson's eager
     * fetch), so the introspection of a record type happens here, not in the first consume of each
     * type on an event loop; and the CloudEvents envelope reader.
     */
    private static final class Decoding {
        static final Map<EventType, ObjectReader> READERS = new EnumMap<>(EventType.class);
        static final CloudEventDeserializer ENVELOPE = new CloudEventDeserializer();

        static {
            for (EventType type : EventType.values()) {
                READERS.put(type, MAPPER.readerFor(type.recordType()));
            }
            ENVELOPE.configure(Map.of(), false);
        }
    }

    private final Topics topics;
    private static final String SPEC_VERSION = "1.0";

    private final String sourceText;
    private final int maxPayloadBytes;
    /** The schemas compile on the first decode (see {@link Decoding}). */
    private final Supplier<PayloadSchemas> schemas;

    public EventCodec(Topics topics, URI source) {
        this(topics, source, DEFAULT_MAX_PAYLOAD_BYTES, PayloadSchemas::shared);
    }

    public EventCodec(Topics topics, URI source, int maxPayloadBytes, PayloadSchemas schemas) {
        this(topics, source, maxPayloadBytes, () -> schemas);
    }

    private EventCodec(Topics topics, URI source, int maxPayloadBytes, Supplier<PayloadSchemas> schemas) {
        this.topics = topics;
        this.sourceText = source.toString();
        this.maxPayloadBytes = maxPayloadBytes;
        this.schemas = schemas;
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Encodes and decodes one event, so that the code of both directions (envelope, JSON, schema
     * validation, record binding) is loaded and has run once. A service calls it on a worker thread
     * before it consumes: cold, that code held a service's event loop for seconds on a busy machine.
     */
    public EventCodec warmedUp() {
        EncodedEvent sample = encode(RouterHeartbeat.of("warm-up", "warm-up", 0, 1, 0));
        RecordHeaders headers = new RecordHeaders();
        sample.headers().forEach(headers::add);
        decode(sample.topic(), headers, sample.payload());
        return this;
    }

    /**
     * Writes the binary-mode headers itself, in the order the CloudEvents SDK's serializer does: the
     * SDK builds an event and walks it with a visitor, and in a process bot, whose per-session code
     * is interpreted for its first hundred sessions, that was 27 of an encode's 46 JFR samples. The
     * SDK still reads them back in {@link #decode}; {@code EnvelopeTest} holds the two to one format.
     */
    public EncodedEvent encode(WarmpoolEvent event) {
        String topic = topics.of(event.type());
        List<Header> headers = List.of(
                header("ce_specversion", SPEC_VERSION),
                header("ce_id", UUID.randomUUID().toString()),
                header("ce_source", sourceText),
                header("ce_type", event.type().eventName()),
                header("content-type", CONTENT_TYPE),
                header("ce_time", Instant.ofEpochMilli(event.occurredAt()).toString()));
        return new EncodedEvent(topic, event.key(), headers, json(event));
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The bare JSON payload, without envelope. */
    public static byte[] json(WarmpoolEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.type().eventName(), e);
        }
    }

    public WarmpoolEvent decode(String topic, Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            throw new EventDecodingException(topic, "payload", "is empty");
        }
        if (value.length > maxPayloadBytes) {
            throw new EventDecodingException(topic, "payload",
                    "is " + value.length + " bytes, over the limit of " + maxPayloadBytes);
        }
        CloudEvent envelope = readEnvelope(topic, headers, value);
        EventType type = EventType.byName(envelope.getType()).orElseThrow(() ->
                new EventDecodingException(topic, "ce_type", "unknown event type '" + envelope.getType() + "'"));
        Optional<EventType> expected = topics.typeOf(topic);
        if (expected.isPresent() && expected.get() != type) {
            throw new EventDecodingException(topic, "ce_type",
                    "'" + type.eventName() + "' does not belong on this topic, which carries '"
                            + expected.get().eventName() + "'");
        }
        String contentType = envelope.getDataContentType();
        if (contentType != null && !contentType.startsWith(CONTENT_TYPE)) {
            throw new EventDecodingException(topic, "content-type", "must be " + CONTENT_TYPE + " but was " + contentType);
        }
        return readPayload(topic, type, value);
    }

    private CloudEvent readEnvelope(String topic, Headers headers, byte[] value) {
        try {
            CloudEvent envelope = Decoding.ENVELOPE.deserialize(topic, headers == null ? new RecordHeaders() : headers, value);
            if (envelope.getType() == null) {
                throw new EventDecodingException(topic, "ce_type", "is missing");
            }
            return envelope;
        } catch (EventDecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventDecodingException(topic, "envelope", "not a CloudEvents 1.0 binary-mode record: "
                    + e.getMessage(), e);
        }
    }

    private WarmpoolEvent readPayload(String topic, EventType type, byte[] value) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new EventDecodingException(topic, "payload", "is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new EventDecodingException(topic, "payload", "must be a JSON object");
        }
        checkVersion(topic, tree.get("schemaVersion"));
        schemas.get().firstViolation(type, tree).ifPresent(v -> {
            throw new EventDecodingException(topic, v.field(), v.problem());
        });
        try {
            return Decoding.READERS.get(type).readValue(tree);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidFieldException invalid) {
                throw new EventDecodingException(topic, invalid.field(), invalid.problem(), e);
            }
            throw new EventDecodingException(topic, "payload", firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new EventDecodingException(topic, "payload", firstLine(e.getMessage()), e); // no I/O from a tree
        }
    }

    private static void checkVersion(String topic, JsonNode version) {
        if (version == null || !version.isTextual()) {
            return; // the schema reports it
        }
        try {
            SchemaVersion.check(version.asText());
        } catch (InvalidFieldException e) {
            throw new EventDecodingException(topic, e.field(), e.problem());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
