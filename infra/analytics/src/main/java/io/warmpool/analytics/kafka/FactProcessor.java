package io.warmpool.analytics.kafka;

import io.warmpool.analytics.stats.BotMark;
import io.warmpool.analytics.stats.Fact;
import io.warmpool.analytics.stats.FactFinder;
import io.warmpool.analytics.stats.Memory;
import io.warmpool.events.WarmpoolEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs {@link FactFinder} over a pool's events with its memory in state stores, and forwards each
 * fact at its own event time. Entries older than {@code retention} in stream time are dropped, so
 * the stores do not grow with every session and bot ever seen.
 */
final class FactProcessor implements FixedKeyProcessor<String, WarmpoolEvent, Fact>, Memory {
    static final String OUTCOMES = "counted-outcomes";
    static final String BOTS = "bot-marks";
    static final String DEFICITS = "deficits";

    private final FactFinder finder;
    private final Duration purgeEvery;
    private final Duration retention;
    private FixedKeyProcessorContext<String, Fact> context;
    private KeyValueStore<String, Long> outcomes;
    private KeyValueStore<String, BotMark> bots;
    private KeyValueStore<String, Long> deficits;

    FactProcessor(FactFinder finder, Duration purgeEvery, Duration retention) {
        this.finder = finder;
        this.purgeEvery = purgeEvery;
        this.retention = retention;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Fact> context) {
        this.context = context;
        outcomes = context.getStateStore(OUTCOMES);
        bots = context.getStateStore(BOTS);
        deficits = context.getStateStore(DEFICITS);
        context.schedule(purgeEvery, PunctuationType.STREAM_TIME, now -> purge(now - retention.toMillis()));
    }

    @Override
    public void process(FixedKeyRecord<String, WarmpoolEvent> record) {
        for (Fact.Timed fact : finder.facts(record.value(), record.timestamp(), this)) {
            context.forward(record.withValue(fact.fact()).withTimestamp(fact.at()));
        }
    }

    @Override
    public boolean firstTime(String key, long at) {
        return outcomes.putIfAbsent(key, at) == null;
    }

    @Override
    public Optional<BotMark> bot(String botId) {
        return Optional.ofNullable(bots.get(botId));
    }

    @Override
    public void bot(String botId, BotMark mark) {
        bots.put(botId, mark);
    }

    @Override
    public Optional<Long> deficitAt(String provisionId) {
        return Optional.ofNullable(deficits.get(provisionId));
    }

    @Override
    public void deficit(String provisionId, long at) {
        deficits.put(provisionId, at);
    }

    private void purge(long before) {
        purge(outcomes, Long::longValue, before);
        purge(bots, BotMark::at, before);
        purge(deficits, Long::longValue, before);
    }

    private static <V> void purge(KeyValueStore<String, V> store, ToLongFunction<V> time, long before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining((KeyValue<String, V> kv) -> {
                if (time.applyAsLong(kv.value) < before) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(store::delete);
    }
}
