package io.warmpool.poolmanager.provisioning;

/** One step of a reconcile: what to do with one bot, and why (for the log). */
public sealed interface ReconcileAction {
    String botId();

    String why();

    /** An exited bot: clear what is left of it. */
    record Reap(String botId, String why) implements ReconcileAction {
    }

    /** A running bot that is of no use (silent too long): stop it, then clear it. */
    record Stop(String botId, String why) implements ReconcileAction {
    }

    /** A running managed bot this provisioner did not start but that heartbeats: keep it as ours. */
    record Adopt(String botId, String why) implements ReconcileAction {
    }
}
