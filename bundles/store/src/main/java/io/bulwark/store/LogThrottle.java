package io.bulwark.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a warning through at most once per period. Under overload the same warning could
 * otherwise fire thousands of times a second and make things worse.
 */
final class LogThrottle {

    private final long periodNanos;
    private final AtomicLong nextAllowed;

    /** @param period the least time between two warnings */
    LogThrottle(Duration period) {
        this.periodNanos = period.toNanos();
        this.nextAllowed = new AtomicLong(System.nanoTime());
    }

    /** @return true when the caller may log now (and the next caller must wait a period) */
    boolean tryAcquire() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        return now - next >= 0 && nextAllowed.compareAndSet(next, now + periodNanos);
    }
}
