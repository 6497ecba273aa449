package io.warmpool.router.session;

import io.warmpool.events.ClaimFailed;
import io.warmpool.events.SessionRequested;
import java.util.Optional;

/**
 * A claim that failed: the report for the allocator (so the bot comes back and is held back), and
 * the next attempt's request when the session goes on.
 */
public record ClaimFailure(ClaimFailed report, Optional<SessionRequested> retry) {
}
