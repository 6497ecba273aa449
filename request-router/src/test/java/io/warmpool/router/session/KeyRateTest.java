package io.warmpool.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRateTest {
    @Test
    void eachKeyHasItsOwnBucket() {
        KeyRate rate = new KeyRate(1, 2, 100);

        assertThat(rate.admit("a", 0)).isTrue();
        assertThat(rate.admit("a", 0)).isTrue();
        assertThat(rate.admit("a", 0)).isFalse();
        assertThat(rate.admit("b", 0)).as("another key").isTrue();
        assertThat(rate.admit("a", 1_000)).as("refilled after a second").isTrue();
    }

    @Test
    void forgetsTheLeastRecentlySeenKeysBeyondItsBound() {
        KeyRate rate = new KeyRate(1, 1, 2);
        assertThat(rate.admit("a", 0)).isTrue();
        assertThat(rate.admit("b", 0)).isTrue();
        assertThat(rate.admit("c", 0)).isTrue();

        assertThat(rate.admit("a", 0)).as("a was forgotten: a fresh bucket").isTrue();
        assertThat(rate.admit("c", 0)).as("c is still limited").isFalse();
    }
}
