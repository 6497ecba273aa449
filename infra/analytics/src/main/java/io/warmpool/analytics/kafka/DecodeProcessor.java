package io.warmpool.analytics.kafka;

import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.events.codec.EventDecodingException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes raw records strictly with the shared codec and keys each event by its pool. A record
 * that does not decode is counted, logged with topic, partition and offset, and skipped: bad
 * input never stops the topology.
 */
final class DecodeProcessor implements Processor<byte[], byte[], String, WarmpoolEvent> {
    private final EventCodec codec;
    private final DecodeFailures failures;
    private ProcessorContext<String, WarmpoolEvent> context;

    DecodeProcessor(EventCodec codec, DecodeFailures failures) {
        this.codec = codec;
        this.failures = failures;
    }

    @Override
    public void init(ProcessorContext<String, WarmpoolEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata from = context.recordMetadata().orElseThrow();
        WarmpoolEvent event;
        try {
            event = codec.decode(from.topic(), record.headers(), record.value());
        } catch (EventDecodingException e) {
            failures.record(from.topic(), from.partition(), from.offset(), e.getMessage());
            return;
        }
        context.forward(record.withKey(event.pool()).withValue(event));
    }
}
