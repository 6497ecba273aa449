package io.warmpool.poolmanager.app;

/** What a pool-manager process does ({@code WARMPOOL_ROLES}); both run in one process by default. */
public enum Role {
    ALLOCATOR, PROVISIONER
}
