package io.bulwark.sipproxy.inspect;

/**
 * Counts occurrences over a sliding window with buckets an eighth of the window wide, nine of them
 * summed: an occurrence within the window is always counted, one up to an eighth of a window
 * older may still be. Fixed size, whatever the rate. Not thread-safe: its table locks it.
 */
final class SlidingWindow {

    static final int BUCKETS = 8;
    private static final int SLOTS = BUCKETS + 1;

    private final long[] counts = new long[SLOTS];
    private long windowMillis;
    private long bucketMillis;
    /** Index (time / bucketMillis) of the newest bucket written. */
    private long newest = Long.MIN_VALUE;

    long hit(long now, long window, long n) {
        roll(now, window);
        counts[(int) Math.floorMod(newest, (long) SLOTS)] += n;
        return sum();
    }

    long count(long now, long window) {
        roll(now, window);
        return sum();
    }

    private void roll(long now, long window) {
        if (window != windowMillis) {
            windowMillis = window;
            bucketMillis = Math.max(1, window / BUCKETS + (window % BUCKETS == 0 ? 0 : 1));
            java.util.Arrays.fill(counts, 0);
            newest = Long.MIN_VALUE;
        }
        long index = Math.floorDiv(now, bucketMillis);
        if (newest == Long.MIN_VALUE || index - newest >= SLOTS) {
            java.util.Arrays.fill(counts, 0);
        } else {
            for (long i = newest + 1; i <= index; i++) {
                counts[(int) Math.floorMod(i, (long) SLOTS)] = 0;
            }
        }
        if (newest == Long.MIN_VALUE || index > newest) {
            newest = index;
        }
    }

    private long sum() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
