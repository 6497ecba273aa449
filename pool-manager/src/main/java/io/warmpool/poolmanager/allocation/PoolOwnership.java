package io.warmpool.poolmanager.allocation;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Partition ownership is pool ownership: every input topic is keyed by pool and equally partitioned,
 * so the member holding partition P of them holds every pool whose key lands on P.
 */
public final class PoolOwnership {
    private PoolOwnership() {
    }

    /**
     * @param partitionOf the partition a pool name is written to (the producers' partitioner)
     */
    public static Set<String> owned(Collection<String> pools, Set<Integer> partitions,
                                    ToIntFunction<String> partitionOf) {
        Set<String> owned = new TreeSet<>();
        for (String pool : pools) {
            if (partitions.contains(partitionOf.applyAsInt(pool))) {
                owned.add(pool);
            }
        }
        return owned;
    }
}
