package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.EventArbitraries;
import io.warmpool.events.Topics;
import io.warmpool.events.WarmpoolEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EventCodecPropertiesTest {
    private static final PayloadSchemas SCHEMAS = new PayloadSchemas();
    private final EventCodec codec = new EventCodec(new Topics("test."), URI.create("/warmpool/test"),
            EventCodec.DEFAULT_MAX_PAYLOAD_BYTES, SCHEMAS);

    /** As the services build theirs: the process's shared schemas, warmed up before the first consume. */
    private static final EventCodec SERVICE_CODEC = new EventCodec(new Topics("test."), URI.create("/warmpool/svc"))
            .warmedUp();

    @Provide
    Arbitrary<WarmpoolEvent> events() {
        return EventArbitraries.events();
    }

    @Property(tries = 2000)
    void everyEventSurvivesTheRoundTrip(@ForAll("events") WarmpoolEvent event) {
        EncodedEvent encoded = codec.encode(event);

        WarmpoolEvent decoded = codec.decode(encoded.topic(), Records.headers(encoded), encoded.payload());

        assertThat(decoded).isEqualTo(event);
    }

    @Property(tries = 500)
    void aServiceCodecDecodesWhatAFreshlyCompiledOneDecodes(@ForAll("events") WarmpoolEvent event) {
        EncodedEvent encoded = codec.encode(event);

        assertThat(SERVICE_CODEC.decode(encoded.topic(), Records.headers(encoded), encoded.payload()))
                .isEqualTo(codec.decode(encoded.topic(), Records.headers(encoded), encoded.payload()));
        assertThat(PayloadSchemas.shared()).isSameAs(PayloadSchemas.shared());
    }

    @Property(tries = 1000)
    void everyPayloadConformsToItsPublishedSchema(@ForAll("events") WarmpoolEvent event) {
        String json = new String(EventCodec.json(event), StandardCharsets.UTF_8);

        assertThat(SCHEMAS.firstViolation(event.type(), json)).isEmpty();
    }

    @Property(tries = 500)
    void theRecordKeyIsThePayloadFieldTheContractNames(@ForAll("events") WarmpoolEvent event) {
        EncodedEvent encoded = codec.encode(event);

        assertThat(encoded.topic()).isEqualTo("test." + event.type().eventName());
        assertThat(Records.tree(encoded).get(event.type().keyField()).asText()).isEqualTo(encoded.key());
    }
}
