package io.warmpool.poolmanager.provisioning.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels of the label method. A pool's Deployment selects its pods by all three, so a pod
 * relabelled {@code warmpool.io/assigned=<sessionId>} leaves the Deployment, and the ReplicaSet
 * controller starts a replacement to keep the warm count.
 */
public final class BotLabels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String BOT = "warmpool-bot";
    public static final String POOL = "warmpool.io/pool";
    public static final String ASSIGNED = "warmpool.io/assigned";
    public static final String NOT_ASSIGNED = "not_assigned";
    /** Annotation: when the pod was relabelled for its session (epoch ms). */
    public static final String ASSIGNED_AT = "warmpool.io/assigned-at";
    /** On Deployments the provisioner created (deleted at shutdown), not on ones it adopted. */
    public static final String CREATED_BY = "app.kubernetes.io/managed-by";
    public static final String POOL_MANAGER = "warmpool-pool-manager";

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");

    private BotLabels() {
    }

    /** The labels a warm pod of {@code pool} carries, which are also its Deployment's selector. */
    public static Map<String, String> warm(String pool) {
        return Map.of(NAME, BOT, POOL, labelValue("pool", pool), ASSIGNED, NOT_ASSIGNED);
    }

    /** {@code warmpool-bot-<pool>}, lower-cased with {@code _} and {@code .} as {@code -} (a DNS-1123 name). */
    public static String deploymentName(String pool) {
        return "warmpool-bot-" + pool.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    }

    /**
     * The {@code warmpool.io/assigned} value for a session: its id when that is a valid label value
     * (a UUID is), else {@code s-} and a SHA-256 prefix of it (ids may hold {@code :} and 128 characters).
     */
    public static String assignedValue(String sessionId) {
        if (LABEL_VALUE.matcher(sessionId).matches()) {
            return sessionId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "s-" + HexFormat.of().formatHex(hash).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The time in {@link #ASSIGNED_AT}, if the annotations hold a readable one. */
    public static Long assignedAt(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(ASSIGNED_AT);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value Kubernetes accepts as a label value, or an error naming what it is. */
    public static String labelValue(String what, String value) {
        if (!LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' cannot be a Kubernetes label value: at most"
                    + " 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric");
        }
        return value;
    }
}
