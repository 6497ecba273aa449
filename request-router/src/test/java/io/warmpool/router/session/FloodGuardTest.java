package io.warmpool.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.router.session.FloodGuard.Verdict;
import org.junit.jupiter.api.Test;

class FloodGuardTest {
    @Test
    void burstPassesThenRefusesThenDisconnects() {
        FloodGuard guard = new FloodGuard(2, 3, 0);
        assertThat(guard.admit(0)).isEqualTo(Verdict.ACCEPT);
        assertThat(guard.admit(0)).isEqualTo(Verdict.ACCEPT);
        assertThat(guard.admit(0)).isEqualTo(Verdict.ACCEPT);
        assertThat(guard.admit(0)).isEqualTo(Verdict.REFUSE);
        assertThat(guard.admit(0)).isEqualTo(Verdict.REFUSE);
        assertThat(guard.admit(0)).isEqualTo(Verdict.DISCONNECT);
    }

    @Test
    void tokensComeBackAtTheRateAndAnAcceptedMessageForgivesRefusals() {
        FloodGuard guard = new FloodGuard(2, 2, 0);
        guard.admit(0);
        guard.admit(0);
        assertThat(guard.admit(100)).isEqualTo(Verdict.REFUSE);
        assertThat(guard.admit(500)).isEqualTo(Verdict.ACCEPT); // 2/s: one token per 500 ms
        assertThat(guard.admit(500)).isEqualTo(Verdict.REFUSE);
        assertThat(guard.admit(10_000)).isEqualTo(Verdict.ACCEPT);
        assertThat(guard.admit(10_000)).isEqualTo(Verdict.ACCEPT); // capped at the burst
        assertThat(guard.admit(10_000)).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void aSteadyClientWithinTheRateIsNeverRefused() {
        FloodGuard guard = new FloodGuard(5, 1, 0);
        for (long t = 0; t < 10_000; t += 200) {
            assertThat(guard.admit(t)).isEqualTo(Verdict.ACCEPT);
        }
    }
}
