package io.warmpool.poolmanager.app;

/** What a pool-manager process does ({@code WARMPOOL_ROLES}); both run in one process by default later on. */
public enum Role {
    ALLOCATOR, PROVISIONER
}
