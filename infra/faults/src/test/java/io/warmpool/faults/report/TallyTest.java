package io.warmpool.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.bench.load.SessionResult;
import io.warmpool.events.BotState;
import io.warmpool.faults.stack.Recorder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TallyTest {
    @Test
    void heartbeatsThatReturnToASessionAfterNamingAnotherAreADoubleServe() {
        List<Recorder.Beat> beats = List.of(busy("a", "s1", 1), busy("a", "s2", 2), busy("a", "s1", 3),
                busy("b", "s3", 1), busy("b", "s3", 2), busy("b", "s4", 3));

        assertThat(Tally.doubleByBeats(beats)).isEqualTo(1);
    }

    @Test
    void heartbeatsAreReadInTheBotsOwnOrderNotTheReadingOrder() {
        List<Recorder.Beat> beats = List.of(busy("a", "s2", 3), busy("a", "s1", 1), busy("a", "s1", 2));

        assertThat(Tally.doubleByBeats(beats)).isZero();
    }

    @Test
    void twoClientsHoldingOneBotAtOnceAreADoubleServeOneAfterTheOtherIsNot() {
        List<SessionResult> overlapping = List.of(assigned("a", 100, 200), assigned("a", 150, 300));
        List<SessionResult> inTurn = List.of(assigned("b", 100, 200), assigned("b", 200, 300),
                SessionResult.failed("timed out"));

        assertThat(Tally.doubleByClients(overlapping, List.of())).isEqualTo(1);
        assertThat(Tally.doubleByClients(inTurn, List.of())).isZero();
    }

    @Test
    void aClientHoldsItsBotUntilItSaysEndNotUntilTheRouterConfirms() {
        // The first client said end at 120; the router's "ended" reached it at 200, after the bot had
        // already been handed to the second client (150).
        SessionResult gaveItBack = new SessionResult(SessionResult.Outcome.COMPLETED, "", 1, -1, "a", 100, 120, 200, "");
        SessionResult stillHeld = new SessionResult(SessionResult.Outcome.COMPLETED, "", 1, -1, "a", 100, 180, 200, "");

        assertThat(Tally.doubleByClients(List.of(gaveItBack, assigned("a", 150, 300)), List.of())).isZero();
        assertThat(Tally.doubleByClients(List.of(stillHeld, assigned("a", 150, 300)), List.of())).isEqualTo(1);
    }

    @Test
    void eachBotHeldTwiceIsNamedWithTheTwoSpansFromTheFaultsStart() {
        List<SessionResult> sessions = List.of(assigned("a", 1_100, 1_200), assigned("a", 1_150, 1_300),
                assigned("a", 1_250, 1_400), assigned("b", 1_100, 1_200));

        assertThat(Tally.heldTwice(sessions, List.of(), 1_000)).containsExactly(
                "bot a held by two clients: a short session from +100 ms to +200 ms, a short session from +150 ms"
                        + " to +300 ms");
    }

    private static Recorder.Beat busy(String bot, String session, long seq) {
        return new Recorder.Beat(bot, BotState.BUSY, session, seq, "127.0.0.1", 1, seq);
    }

    private static SessionResult assigned(String bot, long from, long to) {
        return new SessionResult(SessionResult.Outcome.COMPLETED, "", 1, -1, bot, from, -1, to, "");
    }
}
