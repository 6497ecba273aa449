package io.warmpool.runtime.kafka;

import io.warmpool.events.Topics;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How a service talks to Kafka: the bootstrap servers, the topic prefix, and any standard client
 * setting passed through as {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} style variables
 * ({@code KAFKA_} dropped, lower case, {@code _} becomes {@code .}).
 */
public record KafkaSettings(String bootstrap, Topics topics, Map<String, String> passThrough) {
    public static final String BOOTSTRAP = "WARMPOOL_KAFKA_BOOTSTRAP";
    public static final String TOPIC_PREFIX = "WARMPOOL_TOPIC_PREFIX";

    public KafkaSettings {
        passThrough = Map.copyOf(passThrough);
    }

    public static KafkaSettings of(String bootstrap, Topics topics) {
        return new KafkaSettings(bootstrap, topics, Map.of());
    }

    public static KafkaSettings from(Env env) {
        String bootstrap = env.text(BOOTSTRAP, "localhost:9092");
        Topics topics;
        try {
            topics = new Topics(env.text(TOPIC_PREFIX, ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TOPIC_PREFIX + ": " + e.getMessage());
        }
        Map<String, String> pass = new HashMap<>();
        env.asMap().forEach((k, v) -> {
            if (k.startsWith("KAFKA_") && k.length() > 6) {
                pass.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return new KafkaSettings(bootstrap, topics, pass);
    }

    /** An idempotent producer that waits for all in-sync replicas and sends at once. */
    public Map<String, String> producer(String clientId) {
        Map<String, String> c = base(clientId);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        c.putAll(passThrough);
        return c;
    }

    /**
     * A consumer that commits by hand and uses the range assignor, so that partition P of every
     * pool-keyed topic lands on the same group member (pool ownership, see docs/ARCHITECTURE.md).
     */
    public Map<String, String> consumer(String clientId, String groupId, boolean fromEarliest) {
        Map<String, String> c = base(clientId);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromEarliest ? "earliest" : "latest");
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        // A crashed member's partitions (its pools) move after 10 s instead of the default 45 s.
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        c.putAll(passThrough);
        return c;
    }

    /** An admin client's settings (topic checks and creation), with the pass-through security settings. */
    public Map<String, String> admin(String clientId) {
        Map<String, String> c = base(clientId);
        c.putAll(passThrough);
        return c;
    }

    private Map<String, String> base(String clientId) {
        Map<String, String> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("client.id", clientId);
        return c;
    }
}
