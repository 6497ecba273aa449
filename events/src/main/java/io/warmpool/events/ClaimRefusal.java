package io.warmpool.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a claim failed, from the bot's HTTP answer. */
public enum ClaimRefusal {
    /** 401: the claim's signature or expiry was refused (a rotated key, clock skew). */
    UNAUTHORIZED,
    /** 409: another session holds the bot, or the claim was used before. */
    CONFLICT,
    /** No answer: the advertised endpoint cannot be reached, or the handshake timed out. */
    UNREACHABLE,
    /** Any other answer. */
    REFUSED;

    public static ClaimRefusal ofStatus(int status) {
        return switch (status) {
            case 0 -> UNREACHABLE;
            case 401 -> UNAUTHORIZED;
            case 409 -> CONFLICT;
            default -> REFUSED;
        };
    }

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static ClaimRefusal of(String wire) {
        return WireEnum.parse(ClaimRefusal.class, "reason", wire);
    }
}
