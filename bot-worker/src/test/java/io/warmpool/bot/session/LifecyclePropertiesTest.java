package io.warmpool.bot.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.claim.Claim;
import io.warmpool.events.claim.ClaimKey;
import io.warmpool.events.BotState;
import io.warmpool.events.EndReason;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Whatever happens to a bot, it never serves two sessions, and claims while BUSY always conflict. */
class LifecyclePropertiesTest {
    private static final ClaimKey KEY = LifecycleTest.KEY;
    private static final ClaimKey OTHER = ClaimKey.of("another-key-0123456789");
    private static final String BOT = LifecycleTest.BOT;
    private static final long NOW = LifecycleTest.NOW;

    sealed interface Step permits WarmUp, ClaimStep, Message, End, Shutdown {
    }

    record WarmUp() implements Step {
    }

    record ClaimStep(String sessionId, boolean valid) implements Step {
        String token() {
            return Claim.sign(valid ? KEY : OTHER, sessionId, BOT, NOW + 1_000).token();
        }
    }

    record Message() implements Step {
    }

    record End(EndReason reason) implements Step {
    }

    record Shutdown() implements Step {
    }

    @Property(tries = 500)
    void neverTwoSessionsAndBusyClaimsAlwaysConflict(@ForAll boolean reuse, @ForAll("steps") List<Step> steps) {
        Lifecycle lifecycle = new Lifecycle(BOT, KEY, reuse);
        String current = null;
        int endedSessions = 0;
        for (Step step : steps) {
            BotState before = lifecycle.state();
            if (step instanceof ClaimStep c) {
                ClaimDecision decision = lifecycle.claim(c.token(), NOW);
                if (!c.valid()) {
                    assertThat(decision.outcome()).isEqualTo(ClaimOutcome.UNAUTHORIZED);
                } else if (before == BotState.BUSY) {
                    assertThat(decision.outcome()).isEqualTo(ClaimOutcome.CONFLICT);
                }
                if (decision.outcome() == ClaimOutcome.ACCEPTED) {
                    assertThat(current).as("a second session while one runs").isNull();
                    assertThat(before).isEqualTo(BotState.READY);
                    current = decision.sessionId();
                }
            } else if (step instanceof End e) {
                if (lifecycle.endSession(e.reason(), NOW).isPresent()) {
                    current = null;
                    endedSessions++;
                }
            } else if (step instanceof WarmUp) {
                lifecycle.warmedUp();
            } else if (step instanceof Message) {
                lifecycle.messageReceived();
            } else {
                lifecycle.shutdown();
            }
            assertThat(lifecycle.session().map(Session::sessionId).orElse(null)).isEqualTo(current);
            assertThat(lifecycle.state() == BotState.BUSY).isEqualTo(current != null);
            if (before == BotState.EXITING) {
                assertThat(lifecycle.state()).as("EXITING is final").isEqualTo(BotState.EXITING);
            }
        }
        if (!reuse) {
            assertThat(endedSessions).as("a retiring bot serves one session").isLessThanOrEqualTo(1);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> sessions = Arbitraries.of("s-1", "s-2", "s-3");
        Arbitrary<Step> claim = Combinators.combine(sessions, Arbitraries.of(true, true, false)).as(ClaimStep::new);
        Arbitrary<Step> end = Arbitraries.of(EndReason.class).map(End::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.<Step>just(new WarmUp())),
                        Tuple.of(5, claim),
                        Tuple.of(2, Arbitraries.<Step>just(new Message())),
                        Tuple.of(3, end),
                        Tuple.of(1, Arbitraries.<Step>just(new Shutdown())))
                .list().ofMaxSize(30);
    }
}
