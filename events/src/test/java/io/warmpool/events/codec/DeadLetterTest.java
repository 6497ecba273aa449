package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmpool.events.Topics;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void aSmallValueIsKeptWhole() throws Exception {
        byte[] value = "not json {".getBytes();
        JsonNode json = payload(letter(value).toRecord(Topics.unprefixed()));

        assertThat(Base64.getDecoder().decode(json.get("value").asText())).isEqualTo(value);
        assertThat(json.get("valueBytes").asInt()).isEqualTo(value.length);
        assertThat(json.get("valueTruncated").asBoolean()).isFalse();
    }

    @Test
    void aOneMegabyteValueKeepsItsHeadAndTheLetterFitsUnderTheRecordLimit() throws Exception {
        byte[] value = new byte[1_000_000];
        Arrays.fill(value, (byte) 'x');
        ProducerRecord<byte[], byte[]> record = letter(value).toRecord(Topics.unprefixed());
        JsonNode json = payload(record);

        int headers = Arrays.stream(record.headers().toArray()).mapToInt(h -> h.key().length() + h.value().length).sum();
        assertThat(record.value().length + headers).as("DLQ record size").isLessThan(ONE_MIB - 64 * 1024);
        assertThat(Base64.getDecoder().decode(json.get("value").asText()))
                .isEqualTo(Arrays.copyOf(value, DeadLetter.MAX_RAW_VALUE_BYTES));
        assertThat(json.get("valueBytes").asInt()).isEqualTo(1_000_000);
        assertThat(json.get("valueTruncated").asBoolean()).isTrue();
    }

    private static DeadLetter letter(byte[] value) {
        return new DeadLetter("session.requested", 2, 41, "default".getBytes(), value, new Header[0],
                "payload: not JSON", "allocator", 1_700_000_000_000L);
    }

    private static JsonNode payload(ProducerRecord<byte[], byte[]> record) throws Exception {
        return new ObjectMapper().readTree(record.value());
    }
}
