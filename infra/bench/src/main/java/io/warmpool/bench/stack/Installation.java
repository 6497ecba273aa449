package io.warmpool.bench.stack;

import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.Topics;
import io.warmpool.runtime.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.Map;

/** One warmpool installation on the bench broker: its topics and the settings all its services share. */
public record Installation(String bootstrap, Topics topics) {
    public static final String CLAIM_KEY = "bench-claim-key-0123456789abcdef";

    public ClaimKey claimKey() {
        return ClaimKey.of(CLAIM_KEY);
    }

    /** The shared settings plus {@code pairs} (name, value, name, value...). */
    public Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.BOOTSTRAP, bootstrap);
        env.put(KafkaSettings.TOPIC_PREFIX, topics.prefix());
        env.put("WARMPOOL_CLAIM_KEY", CLAIM_KEY);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
