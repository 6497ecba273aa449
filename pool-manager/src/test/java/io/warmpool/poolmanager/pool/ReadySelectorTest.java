package io.warmpool.poolmanager.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.Endpoint;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selection as a table: the bots of a pool and the one a request gets. */
class ReadySelectorTest {
    private static final Endpoint AT = new Endpoint("h", 1);

    private static Bot bot(String id, BotStatus status, long readySince, boolean confirmed, Endpoint endpoint) {
        return new Bot(id, status, endpoint, null, 1, 0, 0, readySince, confirmed);
    }

    private static Bot ready(String id, long readySince) {
        return bot(id, BotStatus.READY, readySince, true, AT);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no bots", List.of(), null),
                Arguments.of("the longest READY wins", List.of(ready("a", 30), ready("b", 10), ready("c", 20)), "b"),
                Arguments.of("ties go by id", List.of(ready("b", 10), ready("a", 10)), "a"),
                Arguments.of("busy, assigned, starting, lost and exiting bots are not handed out",
                        List.of(bot("a", BotStatus.BUSY, 1, true, AT), bot("b", BotStatus.ASSIGNED, 1, true, AT),
                                bot("c", BotStatus.STARTING, 1, true, null), bot("d", BotStatus.LOST, 1, true, AT),
                                bot("e", BotStatus.EXITING, 1, true, AT), ready("f", 50)), "f"),
                Arguments.of("a bot known only from a replay waits for a fresh heartbeat",
                        List.of(bot("a", BotStatus.READY, 1, false, AT), ready("b", 9)), "b"),
                Arguments.of("a READY bot without an endpoint cannot be reached",
                        List.of(bot("a", BotStatus.READY, 1, true, null)), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void picksTheBotReadyLongest(String what, List<Bot> bots, String expected) {
        assertThat(ReadySelector.pick(bots).map(Bot::botId)).isEqualTo(Optional.ofNullable(expected));
    }
}
