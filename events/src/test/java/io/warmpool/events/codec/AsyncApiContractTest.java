package io.warmpool.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.EventType;
import io.warmpool.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** asyncapi.yaml and the code describe the same topics, messages and schemas. */
class AsyncApiContractTest {
    private static final Path ASYNCAPI = Path.of("asyncapi.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asyncApi() throws IOException {
        try (InputStream in = Files.newInputStream(ASYNCAPI)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> section(Map<String, Object> doc, String... path) {
        Object node = doc;
        for (String p : path) {
            node = ((Map<String, Object>) node).get(p);
        }
        return (Map<String, Map<String, Object>>) node;
    }

    @Test
    void everyTopicInTheCodeIsAChannelAndViceVersa() throws IOException {
        Set<String> addresses = section(asyncApi(), "channels").values().stream()
                .map(channel -> (String) channel.get("address"))
                .collect(Collectors.toSet());

        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.unprefixed().all());
    }

    @Test
    void everyEventIsAMessageWhosePayloadIsTheShippedSchema() throws IOException {
        Map<String, Map<String, Object>> messages = section(asyncApi(), "components", "messages");
        Set<String> names = messages.values().stream().map(m -> (String) m.get("name")).collect(Collectors.toSet());
        assertThat(names).containsAll(Arrays.stream(EventType.values()).map(EventType::eventName).toList());

        for (Map<String, Object> message : messages.values()) {
            EventType.byName((String) message.get("name")).ifPresent(type -> {
                @SuppressWarnings("unchecked")
                String ref = (String) ((Map<String, Object>) message.get("payload")).get("$ref");
                assertThat(ref).isEqualTo("src/main/resources/" + PayloadSchemas.resource(type));
                assertThat(Path.of(ref)).exists();
            });
        }
    }
}
