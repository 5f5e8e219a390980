package io.bulwark.media.relay;

/**
 * Follows the RTP one party sends on a leg (RFC 3550): per SSRC the highest sequence number (with
 * wraps counted), packets received and the ones that never came. A party may send several SSRCs at
 * once (a played announcement beside the voice, an echo of the far end): up to {@link #SLOTS} are
 * followed side by side, and only an SSRC not seen on the leg before counts as new (reported once);
 * when more arrive, the one idle longest is retired with its figures kept in the totals. A jump in
 * sequence numbers is reported once each. Allocation-free; one thread per tracker (the channel's
 * event loop).
 */
final class StreamTracker {

    /** A sequence jump larger than this (either way) is a discontinuity, not loss or reordering. */
    static final int MAX_JUMP = 3000;
    /** SSRCs followed at once on one leg. */
    static final int SLOTS = 4;

    /** What a packet meant for the stream. */
    enum Change { NONE, FIRST, NEW_SSRC, DISCONTINUITY }

    private final int[] ssrcs = new int[SLOTS];
    private final long[] highest = new long[SLOTS];
    private final long[] base = new long[SLOTS];
    private final long[] received = new long[SLOTS];
    private final long[] lastUse = new long[SLOTS];
    private int used;
    private int current;
    private long tick;
    private long retiredReceived;
    private long retiredLost;
    private long ssrcChanges;
    private long discontinuities;

    /**
     * @param firstByte the RTP header's first byte (version 2 expected)
     * @param seq its sequence number
     * @param s its SSRC
     * @return what this packet changed
     */
    Change onHeader(int firstByte, int seq, int s) {
        if ((firstByte & 0xC0) != 0x80) {
            return Change.NONE;
        }
        int i = slotOf(s);
        if (i < 0) {
            boolean first = used == 0;
            current = take(s, seq);
            if (first) {
                return Change.FIRST;
            }
            ssrcChanges++;
            return Change.NEW_SSRC;
        }
        current = i;
        lastUse[i] = ++tick;
        long lostSoFar = lost(i);
        received[i]++;
        int delta = (int) ((seq - (highest[i] & 0xffff)) & 0xffff);
        if (delta < 0x8000 && delta <= MAX_JUMP) {
            highest[i] += delta; // in order, or a gap of lost packets
        } else if (delta >= 0x8000 && 0x10000 - delta <= MAX_JUMP) {
            // late or reordered: counted as received, the highest stays
        } else {
            // a jump either way: the sender restarted its numbering; count afresh from here
            discontinuities++;
            highest[i] = delta < 0x8000 ? highest[i] + delta : ((highest[i] + 0x10000) & ~0xffffL) | seq;
            base[i] = highest[i] - received[i] + 1 - lostSoFar;
            return Change.DISCONTINUITY;
        }
        return Change.NONE;
    }

    private int slotOf(int s) {
        for (int i = 0; i < used; i++) {
            if (ssrcs[i] == s) {
                return i;
            }
        }
        return -1;
    }

    /** @return the slot given to a new SSRC: a free one, else the one idle longest (its figures retired) */
    private int take(int s, int seq) {
        int i;
        if (used < SLOTS) {
            i = used++;
        } else {
            i = 0;
            for (int j = 1; j < SLOTS; j++) {
                if (lastUse[j] < lastUse[i]) {
                    i = j;
                }
            }
            retiredReceived += received[i];
            retiredLost += lost(i);
        }
        ssrcs[i] = s;
        highest[i] = seq;
        base[i] = seq;
        received[i] = 1;
        lastUse[i] = ++tick;
        return i;
    }

    private long lost(int i) {
        return Math.max(0, highest[i] - base[i] + 1 - received[i]);
    }

    /** @return the SSRC of the last packet */
    int ssrc() {
        return ssrcs[current];
    }

    /** @return RTP packets followed, every SSRC together */
    long received() {
        long r = retiredReceived;
        for (int i = 0; i < used; i++) {
            r += received[i];
        }
        return r;
    }

    /** @return packets expected by the sequence numbers of each SSRC but never received (never negative) */
    long lost() {
        long l = retiredLost;
        for (int i = 0; i < used; i++) {
            l += lost(i);
        }
        return l;
    }

    /** @return SSRCs that appeared after the first one */
    long ssrcChanges() {
        return ssrcChanges;
    }

    long discontinuities() {
        return discontinuities;
    }
}
