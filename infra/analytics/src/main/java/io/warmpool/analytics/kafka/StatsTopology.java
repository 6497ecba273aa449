package io.warmpool.analytics.kafka;

import io.warmpool.analytics.stats.BotMark;
import io.warmpool.analytics.stats.BotTimeline;
import io.warmpool.analytics.stats.Fact;
import io.warmpool.analytics.stats.FactFinder;
import io.warmpool.analytics.stats.WindowTally;
import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.codec.EventCodec;
import io.warmpool.events.codec.EventDeserializer;
import io.warmpool.events.codec.EventSerializer;
import java.net.URI;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics topology. Every input topic is read as bytes with event time from {@code ce_time},
 * decoded strictly, keyed by pool and repartitioned, so that everything about a pool meets in one
 * task whatever each topic's key and partition count. A stateful step turns events into facts,
 * a tumbling-window aggregate adds them up per pool, and each window is published to
 * {@code pool.stats} once, when it closes (its end plus the grace period, in stream time).
 */
public final class StatsTopology {
    static final List<EventType> INPUTS = List.of(EventType.SESSION_REQUESTED, EventType.BOT_ASSIGNED,
            EventType.SESSION_REJECTED, EventType.SESSION_ENDED, EventType.BOT_HEARTBEAT, EventType.POOL_DEFICIT,
            EventType.BOT_SPAWN_FAILED);

    private StatsTopology() {
    }

    public static List<String> inputTopics(Topics topics) {
        return INPUTS.stream().map(topics::of).toList();
    }

    public static Topology build(Topics topics, Windowing windowing, DecodeFailures failures) {
        EventCodec codec = new EventCodec(topics, URI.create("/warmpool/analytics"));
        Serde<WarmpoolEvent> events = Serdes.serdeFrom(new EventSerializer(codec), new EventDeserializer(codec));
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder);

        KStream<String, Fact> facts = builder
                .stream(inputTopics(topics), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new CeTimeExtractor()).withName("events"))
                .process(() -> new DecodeProcessor(codec, failures), Named.as("decode"))
                .repartition(Repartitioned.with(Serdes.String(), events).withName("by-pool"))
                .processValues(() -> new FactProcessor(factFinder(windowing), windowing.window(), windowing.memory()),
                        Named.as("facts"), FactProcessor.OUTCOMES, FactProcessor.BOTS, FactProcessor.DEFICITS);

        facts.groupByKey(Grouped.with("facts-by-pool", Serdes.String(), JsonSerde.of(Fact.class)))
                .windowedBy(TimeWindows.ofSizeAndGrace(windowing.window(), windowing.grace()))
                .aggregate(WindowTally::new, (pool, fact, tally) -> tally.add(fact), Named.as("tally"),
                        Materialized.<String, WindowTally>as(Stores.inMemoryWindowStore("pool-windows",
                                        windowing.window().plus(windowing.grace()), windowing.window(), false))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(JsonSerde.of(WindowTally.class))
                                // Suppress holds each window until it closes; a cache in front would only delay it.
                                .withCachingDisabled())
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-closed"))
                .toStream(Named.as("closed-windows"))
                .map((window, tally) -> KeyValue.pair(window.key(),
                        (WarmpoolEvent) tally.toStats(window.key(), window.window().start(), window.window().end())),
                        Named.as("to-stats"))
                .to(topics.of(EventType.POOL_STATS), Produced.with(Serdes.String(), events).withName("pool-stats"));
        return builder.build();
    }

    private static FactFinder factFinder(Windowing windowing) {
        return new FactFinder(new BotTimeline(windowing.window().toMillis(), windowing.maxGap().toMillis()));
    }

    private static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FactProcessor.OUTCOMES),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FactProcessor.BOTS),
                Serdes.String(), JsonSerde.of(BotMark.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FactProcessor.DEFICITS),
                Serdes.String(), Serdes.Long()));
    }
}
