package io.bulwark.benchmarks.media;

/**
 * One-way delays at 1 µs resolution up to 100 ms (a fixed array, so recording allocates nothing),
 * plus a count of those longer. One writer thread; {@link #add} merges after the writers stopped.
 */
final class LatencyHistogram {

    private static final int BUCKETS = 100_000;

    private final long[] counts = new long[BUCKETS];
    private long over;
    private long total;
    private long maxNanos;

    /** Records one delay; a negative one (clock read out of order) counts as 0. */
    void record(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        if (micros < BUCKETS) {
            counts[(int) micros]++;
        } else {
            over++;
        }
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        over += other.over;
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    long count() {
        return total;
    }

    /**
     * @param p a fraction, e.g. 0.99
     * @return the smallest whole µs value at or below which a fraction {@code p} of the delays
     *         lie (the bucket's lower bound), -1 when nothing was recorded, {@code Long.MAX_VALUE}
     *         when it lies beyond 100 ms
     */
    long percentileMicros(double p) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return Long.MAX_VALUE;
    }

    long maxMicros() {
        return maxNanos / 1000;
    }
}
