package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.warmpool.events.EventType;
import io.warmpool.events.RouterHeartbeat;
import io.warmpool.events.SampleEvents;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec writes the CloudEvents headers itself: they must read as the SDK's own do, to any CloudEvents consumer. */
class EnvelopeTest {
    private static final URI SOURCE = URI.create("warmpool:bot/b-1");
    private final EventCodec codec = new EventCodec(Topics.unprefixed(), SOURCE);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theSdkReadsTheEnvelopeTheCodecWrites(EventType type) {
        WarmpoolEvent event = SampleEvents.of(type);
        EncodedEvent encoded = codec.encode(event);

        CloudEvent read = sdkRead(encoded);

        assertThat(read.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(read.getId()).isNotBlank();
        assertThat(read.getSource()).isEqualTo(SOURCE);
        assertThat(read.getType()).isEqualTo(type.eventName());
        assertThat(read.getTime().toInstant()).isEqualTo(Instant.ofEpochMilli(event.occurredAt()));
        assertThat(read.getDataContentType()).isEqualTo(EventCodec.CONTENT_TYPE);
        assertThat(read.getData().toBytes()).isEqualTo(encoded.payload());
        assertThat(codec.decode(encoded.topic(), Records.headers(encoded), encoded.payload())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theHeadersAreTheOnesTheSdkWritesInItsOrder(EventType type) {
        EncodedEvent encoded = codec.encode(SampleEvents.of(type));
        CloudEvent read = sdkRead(encoded);

        RecordHeaders sdkHeaders = new RecordHeaders();
        try (CloudEventSerializer sdk = new CloudEventSerializer()) {
            sdk.configure(Map.of(), false);
            sdk.serialize(encoded.topic(), sdkHeaders, CloudEventBuilder.v1(read).build());
        }

        assertThat(encoded.headers()).extracting(Header::key)
                .containsExactlyElementsOf(Arrays.stream(sdkHeaders.toArray()).map(Header::key).toList());
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1_767_225_600_000L, 1_767_225_600_004L, 1_767_225_600_120L, 4_102_444_799_999L})
    void everyMillisecondKeepsItsInstant(long millis) {
        EncodedEvent encoded = codec.encode(RouterHeartbeat.of("router-1", "default", 0, 1_000, millis));

        assertThat(sdkRead(encoded).getTime()).isEqualTo(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
    }

    private static CloudEvent sdkRead(EncodedEvent encoded) {
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            sdk.configure(Map.of(), false);
            return sdk.deserialize(encoded.topic(), Records.headers(encoded), encoded.payload());
        }
    }
}
