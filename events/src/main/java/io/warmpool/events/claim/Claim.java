package io.warmpool.events.claim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A router's signed right to talk to one bot for one session until {@code expiresAt}:
 * {@code HMAC-SHA256(key, sessionId|botId|expiresAt)}. Its token form travels only on the
 * router-to-bot WebSocket handshake (header {@link #HEADER}); never on a topic, never in a log.
 */
public record Claim(String sessionId, String botId, long expiresAt, byte[] signature) {
    public static final String HEADER = "X-Warmpool-Claim";
    /** How far a bot's clock may run ahead of its router's before their claims expire early. */
    public static final long SKEW_TOLERANCE_MS = 30_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public Claim {
        signature = signature.clone();
    }

    public static Claim sign(ClaimKey key, String sessionId, String botId, long expiresAt) {
        return new Claim(sessionId, botId, expiresAt, key.sign(message(sessionId, botId, expiresAt)));
    }

    static String message(String sessionId, String botId, long expiresAt) {
        return sessionId + "|" + botId + "|" + expiresAt;
    }

    /** {@code base64url(sessionId|botId|expiresAt).base64url(signature)} */
    public String token() {
        return B64.encodeToString(message(sessionId, botId, expiresAt).getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(signature);
    }

    /** Reads a token; a malformed one is an {@link IllegalArgumentException} (the bot answers 401). */
    public static Claim parse(String token) {
        if (token == null) {
            throw new IllegalArgumentException("no claim");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            throw new IllegalArgumentException("claim token is not of the form payload.signature");
        }
        String[] parts = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("claim payload must be sessionId|botId|expiry");
        }
        Claim claim;
        try {
            claim = new Claim(parts[0], parts[1], Long.parseLong(parts[2]), B64D.decode(token.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("claim expiry is not a number");
        }
        // Base64 lets the last character of a part vary in bits it does not use: one claim, one spelling.
        if (!claim.token().equals(token)) {
            throw new IllegalArgumentException("claim token is not in its canonical encoding");
        }
        return claim;
    }

    public ClaimCheck check(ClaimKey key, String myBotId, long now) {
        return check(ClaimKeys.of(key), myBotId, now);
    }

    /**
     * Checks the signature under any of {@code keys}, the bot and the expiry. The expiry is stamped
     * on the router's clock and checked on the bot's, so a bot whose clock runs ahead by up to
     * {@link #SKEW_TOLERANCE_MS} still accepts it (a bot whose clock lags accepts it anyway).
     */
    public ClaimCheck check(ClaimKeys keys, String myBotId, long now) {
        if (!keys.matches(message(sessionId, botId, expiresAt), signature)) {
            return ClaimCheck.BAD_SIGNATURE;
        }
        if (!botId.equals(myBotId)) {
            return ClaimCheck.WRONG_BOT;
        }
        if (now > expiresAt + SKEW_TOLERANCE_MS) {
            return ClaimCheck.EXPIRED;
        }
        return ClaimCheck.VALID;
    }

    /** The signature as text: what a bot remembers of a claim it accepted, so that it is used once. */
    public String fingerprint() {
        return B64.encodeToString(signature);
    }

    @Override
    public String toString() {
        return "Claim[session=" + sessionId + ", bot=" + botId + ", expiresAt=" + expiresAt + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Claim c && c.sessionId.equals(sessionId) && c.botId.equals(botId)
                && c.expiresAt == expiresAt && java.util.Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sessionId, botId, expiresAt, java.util.Arrays.hashCode(signature));
    }
}
