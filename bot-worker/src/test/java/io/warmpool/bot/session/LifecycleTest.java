package io.warmpool.bot.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {
    static final ClaimKey KEY = ClaimKey.of("unit-test-key-0123456789");
    static final String BOT = "bot-1";
    static final long NOW = 1_000_000;

    static String claim(String sessionId) {
        return Claim.sign(KEY, sessionId, BOT, NOW + 10_000).token();
    }

    static Lifecycle ready(boolean reuse) {
        Lifecycle lifecycle = new Lifecycle(BOT, KEY, reuse);
        assertThat(lifecycle.warmedUp()).isTrue();
        return lifecycle;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "no claim,,UNAUTHORIZED",
            "malformed,garbage,UNAUTHORIZED",
            "bad signature,other-key,UNAUTHORIZED",
            "wrong bot,wrong-bot,UNAUTHORIZED",
            "expired,expired,UNAUTHORIZED",
            "valid,valid,ACCEPTED",
            "within the skew tolerance,skewed,ACCEPTED"})
    void claimsWhileReady(String name, String kind, ClaimOutcome expected) {
        Lifecycle lifecycle = ready(false);
        String token = kind == null ? null : switch (kind) {
            case "other-key" -> Claim.sign(ClaimKey.of("another-key-0123456789"), "s", BOT, NOW + 1).token();
            case "wrong-bot" -> Claim.sign(KEY, "s", "bot-2", NOW + 1).token();
            case "expired" -> Claim.sign(KEY, "s", BOT, NOW - Claim.SKEW_TOLERANCE_MS - 1).token();
            case "skewed" -> Claim.sign(KEY, "s", BOT, NOW - Claim.SKEW_TOLERANCE_MS).token();
            case "valid" -> Claim.sign(KEY, "s", BOT, NOW).token();
            default -> kind;
        };
        ClaimDecision decision = lifecycle.claim(token, NOW);
        assertThat(decision.outcome()).isEqualTo(expected);
        assertThat(lifecycle.state()).isEqualTo(expected == ClaimOutcome.ACCEPTED ? BotState.BUSY : BotState.READY);
        if (token != null) {
            assertThat(decision.reason()).as("claims are never logged").doesNotContain(token);
        }
    }

    @Test
    void aValidClaimWhileStartingConflicts() {
        Lifecycle lifecycle = new Lifecycle(BOT, KEY, false);
        assertThat(lifecycle.claim(claim("s"), NOW).outcome()).isEqualTo(ClaimOutcome.CONFLICT);
        assertThat(lifecycle.state()).isEqualTo(BotState.STARTING);
    }

    @Test
    void theFirstValidClaimWinsAndTheNextConflicts() {
        Lifecycle lifecycle = ready(false);
        assertThat(lifecycle.claim(claim("s-1"), NOW)).isEqualTo(new ClaimDecision(ClaimOutcome.ACCEPTED, "s-1", "accepted"));
        assertThat(lifecycle.claim(claim("s-2"), NOW).outcome()).isEqualTo(ClaimOutcome.CONFLICT);
        assertThat(lifecycle.claim(claim("s-1"), NOW).outcome()).isEqualTo(ClaimOutcome.CONFLICT);
        assertThat(lifecycle.session()).map(Session::sessionId).hasValue("s-1");
    }

    @Test
    void retirePolicyExitsAfterTheSessionWithItsSummary() {
        Lifecycle lifecycle = ready(false);
        lifecycle.claim(claim("s-1"), NOW);
        lifecycle.messageReceived();
        lifecycle.messageReceived();
        assertThat(lifecycle.endSession(EndReason.CLIENT_END, NOW + 1234))
                .hasValue(new SessionSummary("s-1", EndReason.CLIENT_END, 1234, 2, BotState.EXITING));
        assertThat(lifecycle.state()).isEqualTo(BotState.EXITING);
        assertThat(lifecycle.claim(claim("s-2"), NOW).outcome()).isEqualTo(ClaimOutcome.CONFLICT);
        assertThat(lifecycle.endSession(EndReason.CLIENT_END, NOW)).as("ends once").isEmpty();
    }

    @Test
    void reusePolicyIsReadyAgainForTheNextClaim() {
        Lifecycle lifecycle = ready(true);
        lifecycle.claim(claim("s-1"), NOW);
        assertThat(lifecycle.endSession(EndReason.IDLE, NOW).orElseThrow().next()).isEqualTo(BotState.READY);
        assertThat(lifecycle.claim(claim("s-2"), NOW).outcome()).isEqualTo(ClaimOutcome.ACCEPTED);
        assertThat(lifecycle.session().orElseThrow().messages()).isZero();
    }

    @Test
    void aClaimIsGoodForOneSessionOnlyUntilItExpires() {
        Lifecycle lifecycle = ready(true);
        String token = claim("s-1");
        lifecycle.claim(token, NOW);
        lifecycle.endSession(EndReason.CLIENT_END, NOW + 1);

        ClaimDecision replay = lifecycle.claim(token, NOW + 2);

        assertThat(replay.outcome()).isEqualTo(ClaimOutcome.CONFLICT);
        assertThat(lifecycle.state()).isEqualTo(BotState.READY);
        assertThat(lifecycle.claim(claim("s-2"), NOW + 3).outcome()).isEqualTo(ClaimOutcome.ACCEPTED);
    }

    @Test
    void shutdownWhileBusyDrainsThenExitsEvenWithReuse() {
        Lifecycle lifecycle = ready(true);
        lifecycle.claim(claim("s-1"), NOW);
        lifecycle.shutdown();
        assertThat(lifecycle.state()).as("still serving its session").isEqualTo(BotState.BUSY);
        assertThat(lifecycle.endSession(EndReason.BOT_SHUTDOWN, NOW).orElseThrow().next()).isEqualTo(BotState.EXITING);
    }

    @Test
    void shutdownWithoutASessionExitsAtOnceAndWarmUpCannotUndoIt() {
        Lifecycle lifecycle = new Lifecycle(BOT, KEY, false);
        lifecycle.shutdown();
        assertThat(lifecycle.state()).isEqualTo(BotState.EXITING);
        assertThat(lifecycle.warmedUp()).isFalse();
        assertThat(lifecycle.state()).isEqualTo(BotState.EXITING);
        assertThat(lifecycle.claim(claim("s"), NOW).outcome()).isEqualTo(ClaimOutcome.CONFLICT);
    }
}
