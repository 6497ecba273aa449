package io.warmpool.poolmanager.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selection as a table, and the indexes against a plain scan of the bots, with journaled undo. */
class BotsTest {
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
                Arguments.of("the most recently READY wins", List.of(ready("a", 20), ready("b", 30), ready("c", 10)), "b"),
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
    void picksTheBotReadyMostRecently(String what, List<Bot> bots, String expected) {
        Bots indexed = new Bots();
        bots.forEach(indexed::put);
        assertThat(indexed.nextReady(b -> false).map(Bot::botId)).isEqualTo(Optional.ofNullable(expected));
    }

    /** A change to one of a few bots: put (in some status, session, readiness) or remove. */
    record Change(int bot, BotStatus status, int session, long readySince, boolean confirmed, boolean remove) {
        void applyTo(Bots bots, Map<String, Bot> model) {
            String id = "b" + bot;
            if (remove) {
                bots.remove(id);
                model.remove(id);
            } else {
                Bot b = new Bot(id, status, AT, session < 0 ? null : "s" + session, 1, 0, 0, readySince, confirmed);
                bots.put(b);
                model.put(id, b);
            }
        }
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.of(BotStatus.class), Arbitraries.integers().between(-1, 3),
                Arbitraries.longs().between(0, 5), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 5).map(n -> n == 0)).as(Change::new);
        return change.list().ofMaxSize(40);
    }

    /** Every index agrees with a scan of a plain map kept in arrival order, after commits and after undos. */
    @Property
    void theIndexesAgreeWithAScanAndUndoRestoresThemExactly(@ForAll("changes") List<Change> committed,
                                                            @ForAll("changes") List<Change> undone,
                                                            @ForAll("held") List<Integer> heldBack) {
        Bots bots = new Bots();
        Map<String, Bot> model = new LinkedHashMap<>();
        committed.forEach(c -> c.applyTo(bots, model));
        assertAgree(bots, model, heldBack);

        Map<String, Bot> before = new LinkedHashMap<>(model);
        bots.begin();
        undone.forEach(c -> c.applyTo(bots, model));
        assertAgree(bots, model, heldBack);
        bots.rollback();
        assertAgree(bots, before, heldBack);
    }

    @Provide
    Arbitrary<List<Integer>> held() {
        return Arbitraries.integers().between(0, 7).list().ofMaxSize(3);
    }

    private static void assertAgree(Bots bots, Map<String, Bot> model, List<Integer> heldBack) {
        assertThat(new ArrayList<>(bots.values())).isEqualTo(new ArrayList<>(model.values()));
        assertThat(bots.size()).isEqualTo(model.size());
        for (BotStatus s : BotStatus.values()) {
            assertThat(bots.count(s)).as("count of %s", s)
                    .isEqualTo(model.values().stream().filter(b -> b.status() == s).count());
        }
        for (int s = 0; s < 4; s++) {
            String session = "s" + s;
            assertThat(bots.withSession(session)).as("bots of %s", session)
                    .containsExactlyInAnyOrderElementsOf(model.values().stream()
                            .filter(b -> session.equals(b.sessionId())).toList());
        }
        Optional<Bot> scanned = model.values().stream().filter(Bot::assignable)
                .filter(b -> !heldBack.contains(Integer.parseInt(b.botId().substring(1))))
                .min(Comparator.comparingLong(Bot::readySince).reversed().thenComparing(Bot::botId));
        assertThat(bots.nextReady(b -> heldBack.contains(Integer.parseInt(b.botId().substring(1)))))
                .isEqualTo(scanned);
        model.forEach((id, b) -> assertThat(bots.get(id)).isEqualTo(b));
    }
}
