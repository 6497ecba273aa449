package io.warmpool.poolmanager.provisioning;

import java.io.IOException;

/** Reading a runtime client's exception chain: was it I/O (nothing answers), and what said so. */
public final class Causes {
    private Causes() {
    }

    public static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
