package io.warmpool.events.claim;

/**
 * The keys a bot accepts claims under: the current one and, while a rotation is under way, the
 * previous one ({@code WARMPOOL_CLAIM_KEY_PREVIOUS}). Routers sign with the current key only, so a
 * rotation is: give bots the new key with the old one as previous, then the routers, then drop it.
 */
public record ClaimKeys(ClaimKey current, ClaimKey previous) {
    public ClaimKeys {
        if (current == null) {
            throw new IllegalArgumentException("a current claim key is required");
        }
    }

    public static ClaimKeys of(ClaimKey current) {
        return new ClaimKeys(current, null);
    }

    boolean matches(String message, byte[] signature) {
        // Both are checked, so the time taken does not tell which key a signature was made with.
        boolean byCurrent = current.matches(message, signature);
        boolean byPrevious = previous != null && previous.matches(message, signature);
        return byCurrent | byPrevious;
    }
}
