package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmpool.events.EventType;
import io.warmpool.events.SampleEvents;
import io.warmpool.events.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of bad input, on each event type, gives one typed error naming topic, field and problem. */
class MalformedEventTest {
    private static final PayloadSchemas SCHEMAS = new PayloadSchemas();
    private final EventCodec codec = new EventCodec(Topics.unprefixed(), URI.create("/test"), 2048, SCHEMAS);

    private EncodedEvent sample(EventType type) {
        return codec.encode(SampleEvents.of(type));
    }

    private AbstractThrowableAssert<?, ?> decoding(EncodedEvent e, Headers headers, byte[] payload, String field) {
        return assertThatThrownBy(() -> codec.decode(e.topic(), headers, payload))
                .isInstanceOfSatisfying(EventDecodingException.class, ex -> {
                    assertThat(ex.topic()).isEqualTo(e.topic());
                    assertThat(ex.field()).isEqualTo(field);
                })
                .hasMessageStartingWith("topic '" + e.topic() + "': " + field + ": ");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void truncatedBytes(EventType type) {
        EncodedEvent e = sample(type);
        byte[] half = Arrays.copyOf(e.payload(), e.payload().length / 2);
        decoding(e, Records.headers(e), half, "payload").hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void notJsonAtAll(EventType type) {
        EncodedEvent e = sample(type);
        decoding(e, Records.headers(e), "hello, world".getBytes(StandardCharsets.UTF_8), "payload")
                .hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void jsonThatIsNotAnObject(EventType type) {
        EncodedEvent e = sample(type);
        decoding(e, Records.headers(e), "[1,2]".getBytes(StandardCharsets.UTF_8), "payload")
                .hasMessageContaining("must be a JSON object");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void wrongTypeOfField(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e).put(type.keyField(), 42);
        decoding(e, Records.headers(e), Records.bytes(tree), type.keyField())
                .hasMessageContaining("integer found, string expected");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void missingRequiredField(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e);
        tree.remove(type.keyField());
        decoding(e, Records.headers(e), Records.bytes(tree), type.keyField()).hasMessageContaining("is required");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownCloudEventType(EventType type) {
        EncodedEvent e = sample(type);
        decoding(e, Records.withHeader(e, "ce_type", "bot.exploded"), e.payload(), "ce_type")
                .hasMessageContaining("unknown event type 'bot.exploded'");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventOnTheWrongTopic(EventType type) {
        EncodedEvent e = sample(type);
        EventType other = EventType.values()[(type.ordinal() + 1) % EventType.values().length];
        decoding(e, Records.withHeader(e, "ce_type", other.eventName()), e.payload(), "ce_type")
                .hasMessageContaining("does not belong on this topic");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void newerMajorSchemaVersion(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e).put("schemaVersion", "2.0");
        decoding(e, Records.headers(e), Records.bytes(tree), "schemaVersion")
                .hasMessageContaining("newer than the supported major version 1");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void oversizedPayload(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e).put("padding", "x".repeat(4096));
        decoding(e, Records.headers(e), Records.bytes(tree), "payload").hasMessageContaining("over the limit of 2048");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void noEnvelopeHeaders(EventType type) {
        EncodedEvent e = sample(type);
        decoding(e, new RecordHeaders(), e.payload(), "envelope").hasMessageContaining("CloudEvents");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void emptyRecord(EventType type) {
        EncodedEvent e = sample(type);
        decoding(e, Records.headers(e), new byte[0], "payload").hasMessageContaining("is empty");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownExtraFieldsAreAcceptedForForwardCompatibility(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e).put("addedInVersion1dot1", "whatever");

        assertThat(codec.decode(e.topic(), Records.headers(e), Records.bytes(tree))).isEqualTo(SampleEvents.of(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void newerMinorSchemaVersionIsAccepted(EventType type) {
        EncodedEvent e = sample(type);
        ObjectNode tree = Records.tree(e).put("schemaVersion", "1.7");

        assertThat(codec.decode(e.topic(), Records.headers(e), Records.bytes(tree)).schemaVersion()).isEqualTo("1.7");
    }

    @org.junit.jupiter.api.Test
    void aValueTheRecordRefusesIsNamed() {
        EncodedEvent e = sample(EventType.SESSION_REQUESTED);
        ObjectNode tree = Records.tree(e).put("deadline", 1);
        decoding(e, Records.headers(e), Records.bytes(tree), "deadline").hasMessageContaining("before requestedAt");
    }
}
