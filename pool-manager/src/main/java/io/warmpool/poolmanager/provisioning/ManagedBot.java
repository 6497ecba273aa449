package io.warmpool.poolmanager.provisioning;

/**
 * A bot as its runtime reports it: identity from the managed labels (or pid file), whether it
 * still runs, and when it started (epoch ms), so reconcile can judge a silent bot by its age.
 */
public record ManagedBot(String botId, String pool, String provisionId, boolean running, long startedAt) {
}
