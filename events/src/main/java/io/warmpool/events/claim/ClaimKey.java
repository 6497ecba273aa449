package io.warmpool.events.claim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The secret shared by routers and bots ({@code WARMPOOL_CLAIM_KEY}); it signs and checks claims. */
public final class ClaimKey {
    public static final int MIN_LENGTH = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private ClaimKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public static ClaimKey of(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a claim key needs at least " + MIN_LENGTH + " characters");
        }
        return new ClaimKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    byte[] sign(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant time, so that the time to refuse a claim says nothing about its signature. */
    boolean matches(String message, byte[] signature) {
        return MessageDigest.isEqual(sign(message), signature);
    }

    @Override
    public String toString() {
        return "ClaimKey[****]";
    }
}
