package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a session request got no bot. */
public enum RejectReason {
    TIMEOUT, POOL_EXHAUSTED, UNKNOWN_POOL, OVERLOADED, UNAUTHORIZED,
    /** Router only, never on a topic: its claims of the bots it was given failed too often (see ClaimFailed). */
    CLAIM_FAILED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static RejectReason of(String wire) {
        return WireEnum.parse(RejectReason.class, "reason", wire);
    }
}
