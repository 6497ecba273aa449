package io.warmpool.analytics.kafka;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the CloudEvents {@code ce_time} header, when the event happened, not when Kafka
 * got it. A record without a readable one keeps its Kafka timestamp: the decoder will judge it.
 */
public final class CeTimeExtractor implements TimestampExtractor {
    public static final String HEADER = "ce_time";

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Header time = record.headers().lastHeader(HEADER);
        if (time != null && time.value() != null) {
            try {
                return OffsetDateTime.parse(new String(time.value(), StandardCharsets.UTF_8)).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // fall through to the record's own timestamp
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
