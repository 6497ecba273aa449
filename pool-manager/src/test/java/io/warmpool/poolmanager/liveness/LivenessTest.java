package io.warmpool.poolmanager.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The evidence rule as a table: the times input was read, when a member was last heard, its silence. */
class LivenessTest {
    private static final long GAP = 2_000;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing read yet: no evidence", new long[] {}, 0, 0),
                Arguments.of("input flowing, member heard last at 0", new long[] {0, 1_000, 2_000, 3_000, 3_500},
                        0, 3_500),
                Arguments.of("member heard as recently as the input", new long[] {0, 1_000, 2_000}, 2_000, 0),
                Arguments.of("a member heard after the last input read", new long[] {0, 1_000}, 1_500, 0),
                Arguments.of("whole input quiet since 1 s: silence stops growing", new long[] {0, 1_000}, 0, 1_000),
                Arguments.of("a 6 s stall, then input again: counted from after the stall",
                        new long[] {0, 1_000, 7_000, 7_100}, 500, 100),
                Arguments.of("a 5 min stall, then input", new long[] {0, 1_000, 301_000, 302_000, 303_500}, 900, 2_500),
                Arguments.of("a gap of exactly the bound is still flow", new long[] {0, 2_000, 4_000}, 0, 4_000),
                Arguments.of("a gap just over the bound is a stall", new long[] {0, 2_001, 2_500}, 0, 499),
                Arguments.of("records read out of time order keep the latest", new long[] {0, 1_000, 500}, 0, 1_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void silenceCountsOnlyWhileTheInputFlows(String what, long[] inputs, long heardAt, long silence) {
        Liveness liveness = new Liveness(GAP);
        for (long at : inputs) {
            liveness.input(at);
        }
        assertThat(liveness.silence(heardAt)).isEqualTo(silence);
    }

    static Stream<Arguments> gaps() {
        return Stream.of(
                Arguments.of(1_000, 3_000, 2_000),
                Arguments.of(1_000, 1_000, 1_000),
                Arguments.of(300, 3_000, 2_700),
                Arguments.of(1_000, 10_000, 9_000));
    }

    @ParameterizedTest(name = "interval {0} ms, silence {1} ms: gap {2} ms")
    @MethodSource("gaps")
    void theGapBoundLeavesRoomForOneIntervalBeforeTheStall(long interval, long silenceMs, long gap) {
        assertThat(Liveness.forIntervals(interval, silenceMs).gapMs()).isEqualTo(gap);
    }

    @Test
    void refusesANonPositiveGap() {
        assertThatThrownBy(() -> new Liveness(0)).hasMessageContaining("gapMs");
    }
}
