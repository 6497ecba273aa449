package io.warmpool.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.router.session.PingWatch.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ping rule as a table (interval 5 s, gone after 3 misses): the timer's ticks and the times the
 * peer was heard from, and what the watch says at each tick.
 */
class PingWatchTest {
    private static final String PING = "PING";
    private static final String WAIT = "WAIT";
    private static final String GONE = "GONE";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a peer that always answers", ticks(0, 5_000, 10_000, 15_000, 20_000),
                        List.of(1L, 5_001L, 10_001L, 15_001L), List.of(PING, PING, PING, PING, PING)),
                Arguments.of("a peer that never answers: gone at the third miss", ticks(0, 5_000, 10_000, 15_000),
                        List.of(), List.of(PING, PING, PING, GONE)),
                Arguments.of("an answer resets the count",
                        ticks(0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000),
                        List.of(11_000L), List.of(PING, PING, PING, PING, PING, PING, GONE)),
                Arguments.of("the pinger paused 20 s: the burst of late ticks is one miss",
                        ticks(0, 25_000, 25_001, 25_002, 25_003), List.of(), List.of(PING, PING, WAIT, WAIT, WAIT)),
                Arguments.of("the pinger paused, then the answer read", ticks(0, 25_000, 25_001, 30_000, 35_000),
                        List.of(25_000L), List.of(PING, PING, WAIT, PING, PING)),
                Arguments.of("ticks faster than the interval wait", ticks(0, 1_000, 2_000, 5_000),
                        List.of(), List.of(PING, WAIT, WAIT, PING)));
    }

    private static List<Long> ticks(long... at) {
        List<Long> out = new ArrayList<>();
        for (long t : at) {
            out.add(t);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhenThePeerIsGone(String what, List<Long> ticks, List<Long> heardAt, List<String> expected) {
        PingWatch watch = new PingWatch(5_000, 3);
        List<String> said = new ArrayList<>();
        List<Long> heard = new ArrayList<>(heardAt);
        for (long t : ticks) {
            while (!heard.isEmpty() && heard.get(0) <= t) {
                heard.remove(0);
                watch.heard();
            }
            said.add(watch.tick(t).name());
        }
        assertThat(said).isEqualTo(expected);
    }
}
