package io.warmpool.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionChannel;
import io.warmpool.events.SessionEnded;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionWithdrawn;
import io.warmpool.events.WarmpoolEvent;
import io.warmpool.events.ClaimRefusal;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTest {
    private static final long T0 = 1_000_000;
    private static final long DEADLINE_MS = 5_000;

    private static Session open() {
        return Session.open("s1", "default", "r1", T0, DEADLINE_MS);
    }

    private static BotAssigned assigned(String bot, int attempt) {
        return BotAssigned.of("s1", attempt, "r1", bot, "default", new Endpoint("localhost", 9000), T0, 0);
    }

    @Test
    void everyAttemptSaysWhichFrontDoorTheClientCameThrough() {
        Session http = Session.open("s2", "default", "r1", T0, DEADLINE_MS, SessionChannel.HTTP);
        http.assign(BotAssigned.of("s2", 1, "r1", "b1", "default", new Endpoint("h", 1), T0, 0), T0);

        assertThat(http.request(T0).channel()).isEqualTo(SessionChannel.HTTP);
        assertThat(http.claimFailed(409, T0 + 1).retry()).hasValueSatisfying(again -> {
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(again.channel()).isEqualTo(SessionChannel.HTTP);
        });
        assertThat(open().request(T0).channel()).isEqualTo(SessionChannel.WEBSOCKET);
    }

    @Test
    void firstRequestCarriesAttemptOneAndTheDeadline() {
        var request = open().request(T0);
        assertThat(request.attempt()).isEqualTo(1);
        assertThat(request.routerId()).isEqualTo("r1");
        assertThat(request.deadline()).isEqualTo(T0 + DEADLINE_MS);
    }

    @Test
    void happyPathRelaysAndEndsOnceWithDurationAndMessages() {
        Session s = open();
        assertThat(s.assign(assigned("b1", 1), T0 + 10)).isPresent();
        assertThat(s.claimed(T0 + 30)).isEqualTo(new ClaimResult.Relay(30));
        assertThat(s.message()).isTrue();
        assertThat(s.message()).isTrue();
        Optional<WarmpoolEvent> ended = s.end(EndReason.CLIENT_END, T0 + 1030);
        assertThat(ended).get().isInstanceOfSatisfying(SessionEnded.class, e -> {
            assertThat(e.botId()).isEqualTo("b1");
            assertThat(e.durationMs()).isEqualTo(1000);
            assertThat(e.messages()).isEqualTo(2);
            assertThat(e.reportedBy()).isEqualTo("router");
        });
        assertThat(s.end(EndReason.BOT_LOST, T0 + 2000)).isEmpty();
        assertThat(s.outcome()).contains(new Outcome.Ended(EndReason.CLIENT_END));
    }

    @Test
    void duplicateAssignmentAfterPlacementIsIgnored() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.assign(assigned("b2", 1), T0 + 1)).isEmpty();
        s.claimed(T0 + 2);
        assertThat(s.assign(assigned("b1", 1), T0 + 3)).isEmpty();
        assertThat(s.botId()).contains("b1");
    }

    @Test
    void lostClaimAsksAgainWithTheNextAttemptAndTheSameDeadline() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        ClaimFailure failure = s.claimFailed(409, T0 + 100);
        assertThat(failure.report().botId()).isEqualTo("b1");
        assertThat(failure.report().attempt()).isEqualTo(1);
        assertThat(failure.report().reason()).isEqualTo(ClaimRefusal.CONFLICT);
        assertThat(failure.retry()).hasValueSatisfying(r -> {
            assertThat(r.attempt()).isEqualTo(2);
            assertThat(r.deadline()).isEqualTo(T0 + DEADLINE_MS);
        });
        assertThat(s.state()).isEqualTo(SessionState.QUEUED);
        assertThat(s.botId()).isEmpty();
        assertThat(s.assign(assigned("b2", 2), T0 + 200)).isPresent();
    }

    @Test
    void lostClaimPastTheDeadlineIsATimeout() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.claimFailed(409, T0 + DEADLINE_MS).retry()).isEmpty();
        assertThat(s.outcome()).contains(new Outcome.Rejected(RejectReason.TIMEOUT));
    }

    @Test
    void claimsRefusedForCauseAreReportedAndGivenUpAfterThreeInsteadOfLooping() {
        Session s = open();
        for (int attempt = 1; attempt < Session.MAX_REFUSED_CLAIMS; attempt++) {
            s.assign(assigned("b" + attempt, attempt), T0 + attempt);
            ClaimFailure f = s.claimFailed(attempt % 2 == 0 ? 0 : 401, T0 + attempt);
            assertThat(f.retry()).map(r -> r.attempt()).contains(attempt + 1);
        }
        s.assign(assigned("b9", Session.MAX_REFUSED_CLAIMS), T0 + 10);
        ClaimFailure last = s.claimFailed(401, T0 + 10);

        assertThat(last.report().reason()).isEqualTo(ClaimRefusal.UNAUTHORIZED);
        assertThat(last.retry()).isEmpty();
        assertThat(s.outcome()).contains(new Outcome.Rejected(RejectReason.CLAIM_FAILED));
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(1, RejectReason.POOL_EXHAUSTED, true),
                Arguments.of(1, RejectReason.UNKNOWN_POOL, true),
                Arguments.of(2, RejectReason.TIMEOUT, false)); // not the current attempt
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejectionOfTheCurrentAttemptEndsTheSession(int attempt, RejectReason reason, boolean ends) {
        Session s = open();
        assertThat(s.reject(SessionRejected.of("s1", attempt, "r1", "default", reason, T0))).isEqualTo(ends);
        assertThat(s.state()).isEqualTo(ends ? SessionState.ENDED : SessionState.QUEUED);
    }

    @Test
    void rejectionAfterAssignmentIsIgnored() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.reject(SessionRejected.of("s1", 1, "r1", "default", RejectReason.TIMEOUT, T0))).isFalse();
    }

    @Test
    void deadlineEndsOnlyAQueuedSession() {
        Session queued = open();
        assertThat(queued.expire(T0 + DEADLINE_MS - 1)).isFalse();
        assertThat(queued.expire(T0 + DEADLINE_MS)).isTrue();
        assertThat(queued.outcome()).contains(new Outcome.Rejected(RejectReason.TIMEOUT));

        Session claiming = open();
        claiming.assign(assigned("b1", 1), T0);
        assertThat(claiming.expire(T0 + DEADLINE_MS)).isFalse();
        assertThat(open().assign(assigned("b1", 1), T0 + DEADLINE_MS)).isEmpty();
    }

    @Test
    void clientLeavingWhileQueuedWithdrawsTheRequestOnce() {
        Session s = open();
        assertThat(s.end(EndReason.CLIENT_GONE, T0)).contains(
                SessionWithdrawn.of("s1", "default", "r1", EndReason.CLIENT_GONE, T0));
        assertThat(s.end(EndReason.CLIENT_GONE, T0 + 1)).isEmpty();
        assertThat(s.assign(assigned("b1", 1), T0 + 1)).isEmpty();
    }

    @Test
    void clientLeavingWhileClaimingReleasesTheBotWhenTheClaimLands() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.end(EndReason.CLIENT_GONE, T0 + 5)).isEmpty();
        ClaimResult result = s.claimed(T0 + 10);
        assertThat(result).isInstanceOfSatisfying(ClaimResult.Release.class, r -> {
            assertThat(r.ended().botId()).isEqualTo("b1");
            assertThat(r.ended().reason()).isEqualTo(EndReason.CLIENT_GONE);
        });
    }

    @Test
    void clientLeavingWhileClaimingAndTheClaimFailingReportsTheBotWithoutRetrying() {
        Session s = open();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.end(EndReason.CLIENT_GONE, T0 + 5)).isEmpty();
        ClaimFailure f = s.claimFailed(0, T0 + 10);
        assertThat(f.retry()).isEmpty();
        assertThat(f.report().botId()).isEqualTo("b1");
        assertThat(s.outcome()).contains(new Outcome.Ended(EndReason.CLIENT_GONE));
    }

    @Test
    void messagesCountOnlyWhileRelaying() {
        Session s = open();
        assertThat(s.message()).isFalse();
        s.assign(assigned("b1", 1), T0);
        assertThat(s.message()).isFalse();
        s.claimed(T0);
        assertThat(s.message()).isTrue();
    }

    @Test
    void outcomesHaveMetricLabels() {
        assertThat(new Outcome.Rejected(RejectReason.UNAUTHORIZED).label()).isEqualTo("rejected_unauthorized");
        assertThat(new Outcome.Ended(EndReason.BOT_LOST).label()).isEqualTo("ended_bot_lost");
    }
}
