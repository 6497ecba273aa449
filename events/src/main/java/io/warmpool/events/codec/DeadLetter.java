package io.warmpool.events.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmpool.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record a consumer could not use, on its way to the dead-letter topic. The original headers
 * are kept and {@code warmpool.dlq.*} headers say where it came from and why; the JSON payload
 * repeats that with the raw key and value in base64, so the bytes survive any tool. A value over
 * {@link #MAX_RAW_VALUE_BYTES} keeps only its head ({@code valueTruncated}, {@code valueBytes} say
 * so): whole and in base64 it would outgrow the producer's and the broker's 1 MiB record limit, and
 * the letter could not be written at all (a 1 MB record was lost that way in the fault suite).
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, Header[] headers,
                         String error, String consumer, long failedAt) {
    public static final String HEADER_TOPIC = "warmpool.dlq.topic";
    public static final String HEADER_PARTITION = "warmpool.dlq.partition";
    public static final String HEADER_OFFSET = "warmpool.dlq.offset";
    public static final String HEADER_ERROR = "warmpool.dlq.error";
    public static final String HEADER_CONSUMER = "warmpool.dlq.consumer";

    /** Base64 of this much is 683 KiB, leaving room for the headers under a 1 MiB request. */
    public static final int MAX_RAW_VALUE_BYTES = 512 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DeadLetter {
        headers = headers == null ? new Header[0] : headers.clone();
    }

    public ProducerRecord<byte[], byte[]> toRecord(Topics topics) {
        RecordHeaders out = new RecordHeaders(headers);
        out.add(HEADER_TOPIC, utf8(topic));
        out.add(HEADER_PARTITION, utf8(Integer.toString(partition)));
        out.add(HEADER_OFFSET, utf8(Long.toString(offset)));
        out.add(HEADER_ERROR, utf8(error));
        out.add(HEADER_CONSUMER, utf8(consumer));
        return new ProducerRecord<>(topics.deadLetter(), null, key, payload(), out);
    }

    private byte[] payload() {
        ObjectNode json = MAPPER.createObjectNode()
                .put("topic", topic)
                .put("partition", partition)
                .put("offset", offset)
                .put("error", error)
                .put("consumer", consumer)
                .put("failedAt", failedAt);
        Base64.Encoder b64 = Base64.getEncoder();
        json.put("key", key == null ? null : b64.encodeToString(key));
        boolean cut = value != null && value.length > MAX_RAW_VALUE_BYTES;
        json.put("value", value == null ? null
                : b64.encodeToString(cut ? Arrays.copyOf(value, MAX_RAW_VALUE_BYTES) : value));
        json.put("valueBytes", value == null ? 0 : value.length);
        json.put("valueTruncated", cut);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
