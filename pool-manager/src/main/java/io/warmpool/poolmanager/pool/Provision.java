package io.warmpool.poolmanager.pool;

/** Bots asked for under one provisionId and not yet heard from; given up at {@code expiresAt}. */
record Provision(String provisionId, int remaining, long expiresAt) {
    Provision less(int arrived) {
        return new Provision(provisionId, remaining - arrived, expiresAt);
    }
}
