package io.warmpool.poolmanager.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.poolmanager.liveness.Liveness;
import io.warmpool.poolmanager.pool.BotLiveness.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-bot verdict as a table, with input read every 500 ms up to {@code inputUntil} (no gap),
 * silence bound 3 s, LOST bots forgotten 10 s after that.
 */
class BotLivenessTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("heard recently", BotStatus.READY, true, 9_000, 10_000, Verdict.KEEP),
                Arguments.of("silent exactly the bound", BotStatus.READY, true, 7_000, 10_000, Verdict.KEEP),
                Arguments.of("silent past the bound while others spoke", BotStatus.BUSY, true, 6_500, 10_000,
                        Verdict.LOSE),
                Arguments.of("silent, but known only from a replay", BotStatus.READY, false, 6_500, 10_000,
                        Verdict.FORGET),
                Arguments.of("lost, not long enough to forget", BotStatus.LOST, true, 0, 12_000, Verdict.KEEP),
                Arguments.of("lost and silent past the memory", BotStatus.LOST, true, 0, 13_500, Verdict.FORGET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesABot(String what, BotStatus status, boolean confirmed, long heardAt, long inputUntil,
                    Verdict expected) {
        Liveness input = new Liveness(2_000);
        for (long t = 0; t <= inputUntil; t += 500) {
            input.input(t);
        }
        Bot bot = new Bot("b1", status, null, null, 1, heardAt, heardAt, heardAt, confirmed);
        assertThat(new BotLiveness(input, 3_000, 10_000).judge(bot)).isEqualTo(expected);
    }
}
