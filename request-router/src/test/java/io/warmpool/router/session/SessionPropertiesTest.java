package io.warmpool.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.EndReason;
import io.warmpool.events.Endpoint;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionRejected;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the order of inputs, a session ends in exactly one outcome, and the allocator hears of
 * its end exactly once when it ended (not rejected): a {@code session.ended} (it had a bot), a
 * {@code session.withdrawn} (it waited for one) or a {@code bot.claim.failed} (its claim failed
 * after the client left); a rejected session publishes no end.
 */
class SessionPropertiesTest {
    private static final long T0 = 1_000;

    enum Input { ASSIGN_1, ASSIGN_2, CLAIMED, CLAIM_FAILED, REJECT_1, REJECT_2, EXPIRE, MESSAGE, END_CLIENT, END_BOT }

    @Provide
    Arbitrary<List<Input>> inputs() {
        return Arbitraries.of(Input.class).list().ofMaxSize(30);
    }

    @Property
    void atMostOneEndAndAnOutcomeOnceEnded(@ForAll("inputs") List<Input> inputs) {
        Session s = Session.open("s", "p", "r", T0, 1_000);
        Adapter adapter = new Adapter(s);
        long now = T0;
        Optional<Outcome> first = Optional.empty();
        for (Input input : inputs) {
            now += 97;
            adapter.apply(input, now);
            if (first.isPresent()) {
                assertThat(s.outcome()).as("the outcome after %s", input).isEqualTo(first);
            }
            first = s.outcome();
        }
        // By its deadline the client has its answer: a bot (claiming or relaying), or an outcome.
        now = Math.max(now, s.deadline());
        s.expire(now);
        assertThat(s.state()).as("at the deadline").isNotEqualTo(SessionState.QUEUED);
        assertThat(s.outcome().isPresent()).as("an outcome exactly when ended")
                .isEqualTo(s.state() == SessionState.ENDED);
        first.ifPresent(o -> assertThat(s.outcome()).as("the outcome at the deadline").contains(o));
        adapter.apply(Input.CLAIMED, now + 1);
        adapter.apply(Input.END_CLIENT, now + 2);
        assertThat(s.outcome()).isPresent();
        if (s.outcome().get() instanceof Outcome.Rejected) {
            assertThat(adapter.published).as("a rejected session publishes no end").isZero();
        } else {
            assertThat(adapter.published).as("the allocator hears of the end once").isEqualTo(1);
        }
    }

    /** Calls the session the way the router's adapter does: a claim completes once, after an assignment. */
    private static final class Adapter {
        private final Session s;
        private boolean claimInFlight;
        private int published;

        Adapter(Session s) {
            this.s = s;
        }

        void apply(Input input, long now) {
            switch (input) {
                case ASSIGN_1, ASSIGN_2 -> claimInFlight |= s.assign(assigned(input == Input.ASSIGN_1 ? 1 : 2), now)
                        .isPresent();
                case CLAIMED -> {
                    if (claimInFlight) {
                        claimInFlight = false;
                        published += s.claimed(now) instanceof ClaimResult.Release ? 1 : 0;
                    }
                }
                case CLAIM_FAILED -> {
                    if (claimInFlight) {
                        claimInFlight = false;
                        boolean endedBefore = s.state() == SessionState.ENDED;
                        s.claimFailed(401, now);
                        published += endedBefore ? 1 : 0; // the report frees the bot of a session already over
                    }
                }
                case REJECT_1 -> s.reject(SessionRejected.of("s", 1, "r", "p", RejectReason.POOL_EXHAUSTED, now));
                case REJECT_2 -> s.reject(SessionRejected.of("s", 2, "r", "p", RejectReason.TIMEOUT, now));
                case EXPIRE -> s.expire(now);
                case MESSAGE -> s.message();
                case END_CLIENT -> published += s.end(EndReason.CLIENT_END, now).isPresent() ? 1 : 0;
                case END_BOT -> published += s.end(EndReason.BOT_LOST, now).isPresent() ? 1 : 0;
            }
        }
    }

    private static BotAssigned assigned(int attempt) {
        return BotAssigned.of("s", attempt, "r", "b" + attempt, "p", new Endpoint("h", 1), T0, 0);
    }
}
