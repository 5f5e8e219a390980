package io.bulwark.media.srtp;

import java.util.Arrays;

/**
 * The highest packet index accepted on a stream and which of the {@code size} indices up to it
 * were seen (RFC 3711 section 3.3.2): a ring of bits indexed by {@code index mod size}, so that a
 * step forward clears only the bits it passes instead of shifting the whole window.
 *
 * <p>Used for received SRTP and SRTCP indices, and for sent SRTP indices, where it keeps the
 * session from ever encrypting two packets under one index (a keystream reuse, and for GCM a
 * forgery key leak) when the RTP it relays repeats or reorders sequence numbers.
 */
final class ReplayWindow {

    /** Smallest window: RFC 3711 section 3.3.2 asks for at least 64. */
    static final int MIN_SIZE = 64;
    /** Largest window: beyond 2^15 the ROC estimate could no longer tell old from new. */
    static final int MAX_SIZE = 1 << 15;

    private final long[] seen;
    private final int mask;
    private long highest = -1;

    /** @param size a power of two from {@link #MIN_SIZE} to {@link #MAX_SIZE} */
    ReplayWindow(int size) {
        if (!validSize(size)) {
            throw new IllegalArgumentException("replay window of " + size + " packets");
        }
        this.seen = new long[size >>> 6];
        this.mask = size - 1;
    }

    /** Whether {@code size} is a window size this class takes. */
    static boolean validSize(int size) {
        return size >= MIN_SIZE && size <= MAX_SIZE && Integer.bitCount(size) == 1;
    }

    /** The highest index accepted so far, or -1 before the first. */
    long highest() {
        return highest;
    }

    /**
     * Whether {@code index} (zero or more) may be accepted: 0 if so, else the negative code of
     * {@link SrtpStatus#REPLAY_FAIL} (seen) or {@link SrtpStatus#REPLAY_OLD} (behind the window).
     */
    int check(long index) {
        if (index > highest) {
            return 0;
        }
        if (highest - index > mask) {
            return SrtpStatus.REPLAY_OLD.code();
        }
        int bit = (int) index & mask;
        if ((seen[bit >>> 6] & (1L << bit)) != 0) {
            return SrtpStatus.REPLAY_FAIL.code();
        }
        return 0;
    }

    /** Records {@code index}, which {@link #check(long)} allowed, as seen. */
    void accept(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest > mask) {
                Arrays.fill(seen, 0L);
            } else {
                for (long passed = highest + 1; passed < index; passed++) {
                    int bit = (int) passed & mask;
                    seen[bit >>> 6] &= ~(1L << bit);
                }
            }
            highest = index;
        }
        int bit = (int) index & mask;
        seen[bit >>> 6] |= 1L << bit;
    }
}
