package io.warmpool.runtime.kafka;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * The records of one partition handed to the handler and not yet acknowledged, in offset order.
 * An offset is committable once it and every record before it are acknowledged; a failed record
 * makes the partition read again from its first unacknowledged offset. A fresh instance per
 * assignment and per read-again, so late acknowledgements of a discarded one change nothing.
 */
final class PartitionProgress {
    private static final class Pending {
        final long offset;
        boolean acknowledged;

        Pending(long offset) {
            this.offset = offset;
        }
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final long minOffset;
    private long committable = -1;

    /** @param minOffset records below it were read before a seek back and are not tracked here */
    PartitionProgress(long minOffset) {
        this.minOffset = minOffset;
    }

    /** Tracks a record handed to the handler; false for a stale record (read before the seek back). */
    boolean track(long offset) {
        if (offset < minOffset || (!pending.isEmpty() && offset <= pending.peekLast().offset)) {
            return false;
        }
        pending.addLast(new Pending(offset));
        return true;
    }

    /** Marks the record acknowledged; returns the next offset to commit when that moved forward. */
    OptionalLong acknowledge(long offset) {
        for (Pending p : pending) {
            if (p.offset == offset) {
                p.acknowledged = true;
                break;
            }
        }
        long before = committable;
        while (!pending.isEmpty() && pending.peekFirst().acknowledged) {
            committable = pending.pollFirst().offset + 1;
        }
        return committable > before ? OptionalLong.of(committable) : OptionalLong.empty();
    }

    /** Where to read again from after a failure: the first record not acknowledged. */
    long firstUnacknowledged(long failedOffset) {
        return pending.isEmpty() ? failedOffset : Math.min(pending.peekFirst().offset, failedOffset);
    }

    /** Offsets committed through this instance have passed {@code offset}. */
    boolean passed(long offset) {
        return committable > offset;
    }
}
