package io.warmpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs in the same Failsafe JVM as {@link KafkaBrokerIT}, which checks the start count too: whichever
 * of the two classes runs second would see a second start if the broker were not shared.
 */
@WithKafka
class SharedBrokerIT {

    private static KafkaBroker fromBeforeAll;

    @BeforeAll
    static void rememberBroker(KafkaBroker broker) {
        fromBeforeAll = broker;
    }

    @Test
    void everyInjectionPointGetsTheOneBrokerStartedOnce(KafkaBroker broker) {
        assertThat(KafkaBrokerExtension.starts()).isEqualTo(1);
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(KafkaBrokerExtension.broker());
        assertThat(broker.bootstrapServers()).isEqualTo(KafkaBrokerExtension.broker().bootstrapServers());
    }

    @Test
    void sharedAdminReachesTheBroker(KafkaBroker broker) throws Exception {
        assertThat(broker.admin().describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
}
