package io.bulwark.dos.table;

/**
 * A rate and burst as the generic cell rate algorithm (GCRA, ITU-T I.371; the virtual-scheduling
 * form of a token bucket) uses them: one packet per {@code intervalNanos}, and up to {@code
 * burst} packets at once. The state of a bucket is then a single long, its theoretical arrival
 * time (TAT).
 *
 * @param intervalNanos nanoseconds per packet at the sustained rate
 * @param toleranceNanos how far ahead of now the TAT may run: {@code (burst - 1) * interval}
 */
public record RateLimit(long intervalNanos, long toleranceNanos) {

    /** Highest rate accepted, per second: faster than any NIC delivers to one socket. */
    public static final double MAX_RATE = 100_000_000;
    /** Largest burst accepted. */
    public static final int MAX_BURST = 10_000_000;

    /**
     * @param ratePerSecond sustained rate, more than 0
     * @param burst packets allowed at once, at least 1
     * @return the limit
     * @throws IllegalArgumentException when either is out of range
     */
    public static RateLimit perSecond(double ratePerSecond, int burst) {
        if (!(ratePerSecond > 0) || ratePerSecond > MAX_RATE) {
            throw new IllegalArgumentException("rate must be more than 0 and at most " + (long) MAX_RATE
                    + " per second, got " + ratePerSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be 1 to " + MAX_BURST + ", got " + burst);
        }
        long interval = Math.max(1L, Math.round(1e9 / ratePerSecond));
        return new RateLimit(interval, interval * (burst - 1L));
    }

    /**
     * One GCRA step.
     *
     * @param tat the bucket's theoretical arrival time
     * @param now the current time, nanoseconds on the same clock
     * @return the new TAT when the packet conforms, or {@link Long#MIN_VALUE} when it does not
     *     (the TAT is then unchanged)
     */
    public long admit(long tat, long now) {
        long t = tat - now < 0 ? now : tat;
        if (t - now > toleranceNanos) {
            return Long.MIN_VALUE;
        }
        return t + intervalNanos;
    }
}
