package io.bulwark.media.relay;

/**
 * Follows the RTP one party sends on a leg (RFC 3550): per SSRC the highest sequence number (with
 * wraps counted), packets received and the ones that never came. A party may send several SSRCs at
 * once (a played announcement beside the voice, an echo of the far end): up to {@link #SLOTS} are
 * followed side by side, and only an SSRC not seen on the leg before counts as new (reported once);
 * when more arrive, the one idle longest is retired with its figures kept in the totals. A jump in
 * sequence numbers is reported once each, and so is a timestamp that does not fit the time that
 * passed (RFC 3550 section 5.1: the timestamp follows the sampling clock): between two packets in
 * order a sender cannot have sampled more than the wall-clock time between them at the highest
 * clock rate in use ({@link #MAX_CLOCK_PER_MILLI}, 96 kHz), give or take {@link #TIMESTAMP_SLACK_MILLIS}
 * of jitter, nor step back more than that (video may send frames out of presentation order). Silence
 * suppression and hold move the timestamp on with the wall clock, so they pass; a stream spliced in
 * with timestamps of its own does not. Allocation-free; one thread per tracker (the channel's event
 * loop).
 */
final class StreamTracker {

    /** A sequence jump larger than this (either way) is a discontinuity, not loss or reordering. */
    static final int MAX_JUMP = 3000;
    /** SSRCs followed at once on one leg. */
    static final int SLOTS = 4;
    /** Timestamp units per millisecond of the fastest RTP clock taken into account (96 kHz audio; video is 90 kHz). */
    static final long MAX_CLOCK_PER_MILLI = 96;
    /** Jitter allowed between the timestamps and the arrival times of two packets. */
    static final long TIMESTAMP_SLACK_MILLIS = 2000;

    /** What a packet meant for the stream. */
    enum Change { NONE, FIRST, NEW_SSRC, DISCONTINUITY, TIMESTAMP_JUMP }

    private final int[] ssrcs = new int[SLOTS];
    private final long[] highest = new long[SLOTS];
    private final long[] base = new long[SLOTS];
    private final long[] received = new long[SLOTS];
    private final long[] lastUse = new long[SLOTS];
    /** Timestamp and arrival time (ms) of each SSRC's packet with the highest sequence number. */
    private final int[] lastTimestamp = new int[SLOTS];
    private final long[] lastArrival = new long[SLOTS];
    private int used;
    private int current;
    private long tick;
    private long retiredReceived;
    private long retiredLost;
    private long ssrcChanges;
    private long discontinuities;
    private long timestampJumps;

    /**
     * @param firstByte the RTP header's first byte (version 2 expected)
     * @param seq its sequence number
     * @param timestamp its timestamp
     * @param s its SSRC
     * @param nowMillis when it arrived
     * @return what this packet changed
     */
    Change onHeader(int firstByte, int seq, int timestamp, int s, long nowMillis) {
        if ((firstByte & 0xC0) != 0x80) {
            return Change.NONE;
        }
        int i = slotOf(s);
        if (i < 0) {
            boolean first = used == 0;
            current = take(s, seq, timestamp, nowMillis);
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
            if (delta == 0) {
                return Change.NONE; // a duplicate
            }
            highest[i] += delta; // in order, or a gap of lost packets
            return timestampFits(i, timestamp, nowMillis) ? Change.NONE : Change.TIMESTAMP_JUMP;
        } else if (delta >= 0x8000 && 0x10000 - delta <= MAX_JUMP) {
            // late or reordered: counted as received, the highest stays
        } else {
            // a jump either way: the sender restarted its numbering; count afresh from here
            discontinuities++;
            highest[i] = delta < 0x8000 ? highest[i] + delta : ((highest[i] + 0x10000) & ~0xffffL) | seq;
            base[i] = highest[i] - received[i] + 1 - lostSoFar;
            lastTimestamp[i] = timestamp;
            lastArrival[i] = nowMillis;
            return Change.DISCONTINUITY;
        }
        return Change.NONE;
    }

    /** Checks a packet in order against the last one and makes it the last one. @return whether its timestamp fits */
    private boolean timestampFits(int i, int timestamp, long nowMillis) {
        long step = timestamp - lastTimestamp[i]; // modulo 2^32, as a signed difference
        long elapsed = Math.max(0, nowMillis - lastArrival[i]);
        lastTimestamp[i] = timestamp;
        lastArrival[i] = nowMillis;
        long slack = TIMESTAMP_SLACK_MILLIS * MAX_CLOCK_PER_MILLI;
        if (step >= -slack && step <= elapsed * MAX_CLOCK_PER_MILLI + slack) {
            return true;
        }
        timestampJumps++;
        return false;
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
    private int take(int s, int seq, int timestamp, long nowMillis) {
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
        lastTimestamp[i] = timestamp;
        lastArrival[i] = nowMillis;
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

    /** @return packets whose timestamp did not fit the time since the one before (see the class comment) */
    long timestampJumps() {
        return timestampJumps;
    }
}
