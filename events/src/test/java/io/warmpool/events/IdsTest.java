package io.warmpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "default,          true,  true",
            "pool-1.a_b,       true,  true",
            "a:b,              true,  false",
            "-leading,         false, false",
            "two words,        false, false",
            "'',               false, false",
            "NULL,             false, false"})
    void idsAndPoolNames(String value, boolean id, boolean poolName) {
        assertThat(Ids.isId(value)).as("id %s", value).isEqualTo(id);
        assertThat(Ids.isPoolName(value)).as("pool name %s", value).isEqualTo(poolName);
    }

    @ParameterizedTest
    @CsvSource({"64, true", "65, false"})
    void aPoolNameLeavesRoomForTheBotIdsMadeFromIt(int length, boolean poolName) {
        String name = "p".repeat(length);
        assertThat(Ids.isPoolName(name)).isEqualTo(poolName);
        assertThat(Ids.isId(name + "-0123abcd")).isTrue();
    }
}
