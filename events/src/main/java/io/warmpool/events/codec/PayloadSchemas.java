package io.warmpool.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.warmpool.events.EventType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON Schemas (2020-12) of every payload, loaded and compiled once from the classpath. They are
 * the decoder's rulebook. Compiled schemas hold no per-validation state, so one set serves every
 * codec of a process ({@link #shared()}).
 */
public final class PayloadSchemas {
    public static final String LOCATION = "io/warmpool/events/schemas/";

    /** Loaded on first use: compiling every schema takes a while, and belongs off an event loop. */
    private static final class Shared {
        static final PayloadSchemas INSTANCE = new PayloadSchemas();
    }

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public PayloadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (EventType type : EventType.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of("classpath:" + resource(type)));
            schema.initializeValidators();
            schemas.put(type, schema);
        }
    }

    /** The process's one compiled set. */
    public static PayloadSchemas shared() {
        return Shared.INSTANCE;
    }

    public static String resource(EventType type) {
        return LOCATION + type.eventName() + ".json";
    }

    /** The first violation, as (field, problem), or empty when the payload conforms. */
    public Optional<Violation> firstViolation(EventType type, JsonNode payload) {
        Set<ValidationMessage> errors = schemas.get(type).validate(payload);
        return errors.stream()
                .map(PayloadSchemas::toViolation)
                .min(Comparator.comparing(Violation::field));
    }

    /** Validates a JSON text; used by tests and tools. */
    public Optional<Violation> firstViolation(EventType type, String json) {
        Set<ValidationMessage> errors = schemas.get(type).validate(json, InputFormat.JSON);
        return errors.stream().map(PayloadSchemas::toViolation).min(Comparator.comparing(Violation::field));
    }

    private static Violation toViolation(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String field = location.equals("$") ? "" : location.substring(2);
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            field = field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
            return new Violation(field, "is required but missing");
        }
        String message = m.getMessage();
        String prefix = location + ": ";
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return new Violation(field.isEmpty() ? "payload" : field, problem);
    }

    public record Violation(String field, String problem) {
    }
}
