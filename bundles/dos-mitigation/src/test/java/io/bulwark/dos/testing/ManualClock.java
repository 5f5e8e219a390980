package io.bulwark.dos.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock the test moves by hand, readable both as a wall clock ({@link Clock}) and as a
 * nanosecond counter ({@link LongSupplier}, like {@link System#nanoTime()}). Thread-safe.
 */
public final class ManualClock extends Clock implements LongSupplier {

    private volatile long nanos;
    private final Instant origin;

    /** Starts at 2030-01-01T00:00:00Z, with a nanosecond counter at an arbitrary large value. */
    public ManualClock() {
        this(Instant.parse("2030-01-01T00:00:00Z"));
    }

    /** @param origin the wall time at the start */
    public ManualClock(Instant origin) {
        this.origin = origin;
        this.nanos = 1_000_000_000_000L; // like nanoTime: an arbitrary base
    }

    /** @param d how far to move forward */
    public synchronized void advance(Duration d) {
        nanos += d.toNanos();
    }

    /** @param n nanoseconds to move forward */
    public synchronized void advanceNanos(long n) {
        nanos += n;
    }

    @Override
    public long getAsLong() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanos - 1_000_000_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
