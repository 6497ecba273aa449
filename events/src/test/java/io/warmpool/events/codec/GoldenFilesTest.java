package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warmpool.events.EventType;
import io.warmpool.events.SampleEvents;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The wire format of each event is pinned by a golden JSON file: changing it must be a decision. */
class GoldenFilesTest {
    private final EventCodec codec = new EventCodec(Topics.unprefixed(), URI.create("/test"));

    private static byte[] golden(EventType type) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + type.eventName() + ".json")) {
            assertThat(in).as("golden file for " + type.eventName()).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theEncoderWritesTheGoldenJson(EventType type) throws IOException {
        JsonNode expected = Records.JSON.readTree(golden(type));
        JsonNode actual = Records.JSON.readTree(EventCodec.json(SampleEvents.of(type)));

        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theDecoderReadsTheGoldenJson(EventType type) throws IOException {
        WarmpoolEvent sample = SampleEvents.of(type);
        EncodedEvent envelope = codec.encode(sample);

        assertThat(codec.decode(envelope.topic(), Records.headers(envelope), golden(type))).isEqualTo(sample);
    }
}
