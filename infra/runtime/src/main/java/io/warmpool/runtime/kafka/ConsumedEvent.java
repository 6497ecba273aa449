package io.warmpool.runtime.kafka;

import io.warmpool.events.WarmpoolEvent;

/** A decoded event and where it was read from. */
public record ConsumedEvent(WarmpoolEvent event, String topic, int partition, long offset) {
}
