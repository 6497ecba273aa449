package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warmpool.events.EventType;
import io.warmpool.events.SampleEvents;
import io.warmpool.events.SessionChannel;
import io.warmpool.events.SessionRequested;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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

    /** Routers from before schema 1.1 write no channel: their requests came through the WebSocket. */
    @Test
    void aSessionRequestedOfSchema10ReadsAsAWebSocketSession() {
        EncodedEvent envelope = codec.encode(SampleEvents.of(EventType.SESSION_REQUESTED));
        byte[] v10 = ("{\"schemaVersion\":\"1.0\",\"sessionId\":\"s-1\",\"pool\":\"default\",\"routerId\":\"r\","
                + "\"attempt\":1,\"requestedAt\":1,\"deadline\":2}").getBytes(StandardCharsets.UTF_8);

        SessionRequested read = (SessionRequested) codec.decode(envelope.topic(), Records.headers(envelope), v10);

        assertThat(read.channel()).isEqualTo(SessionChannel.WEBSOCKET);
        assertThat(read.schemaVersion()).isEqualTo("1.0");
    }
}
