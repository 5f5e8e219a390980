package io.bulwark.dos.table;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A few token buckets (GCRA) shared by every thread, updated with compare-and-set: the global,
 * per-zone and overflow limits, where lost updates under contention would let a flood through.
 */
public final class SharedBuckets {

    private final AtomicLongArray tat;

    /**
     * @param count how many buckets
     * @param now the current time in nanoseconds: every bucket starts full
     */
    public SharedBuckets(int count, long now) {
        this.tat = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            tat.set(i, now);
        }
    }

    /**
     * @param bucket which bucket
     * @param now the current time in nanoseconds
     * @param limit its limit
     * @return true when the packet conforms (and was charged)
     */
    public boolean tryAcquire(int bucket, long now, RateLimit limit) {
        while (true) {
            long current = tat.get(bucket);
            long next = limit.admit(current, now);
            if (next == Long.MIN_VALUE) {
                return false;
            }
            if (tat.compareAndSet(bucket, current, next)) {
                return true;
            }
        }
    }
}
