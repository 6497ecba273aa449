package io.warmpool.router.session;

import io.warmpool.events.EndReason;
import io.warmpool.events.RejectReason;

/** How a session finished: it got a bot and later ended, or it never got one. */
public sealed interface Outcome {
    /** A label for metrics: {@code ended_<reason>} or {@code rejected_<reason>}. */
    String label();

    record Ended(EndReason reason) implements Outcome {
        @Override
        public String label() {
            return "ended_" + reason.wire();
        }
    }

    record Rejected(RejectReason reason) implements Outcome {
        @Override
        public String label() {
            return "rejected_" + reason.wire();
        }
    }
}
