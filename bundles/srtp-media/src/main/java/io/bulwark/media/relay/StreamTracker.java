package io.bulwark.media.relay;

/**
 * Follows one direction of an RTP stream (RFC 3550): its SSRC, the highest sequence number (with
 * wraps counted), packets received and the ones that never came. A new SSRC mid-call and a jump in
 * sequence numbers are counted and reported once each to the caller, which decides what to tell.
 * Allocation-free; one thread per tracker (the channel's event loop).
 */
final class StreamTracker {

    /** A sequence jump larger than this (either way) is a discontinuity, not loss or reordering. */
    static final int MAX_JUMP = 3000;

    /** What a packet meant for the stream. */
    enum Change { NONE, FIRST, NEW_SSRC, DISCONTINUITY }

    private boolean started;
    private int ssrc;
    private long highest;
    private long base;
    private long received;
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
        if (!started) {
            restart(s, seq);
            return Change.FIRST;
        }
        if (s != ssrc) {
            ssrcChanges++;
            restart(s, seq);
            return Change.NEW_SSRC;
        }
        long lostSoFar = lost();
        received++;
        int delta = (int) ((seq - (highest & 0xffff)) & 0xffff);
        if (delta < 0x8000 && delta <= MAX_JUMP) {
            highest += delta; // in order, or a gap of lost packets
        } else if (delta >= 0x8000 && 0x10000 - delta <= MAX_JUMP) {
            // late or reordered: counted as received, the highest stays
        } else {
            // a jump either way: the sender restarted its numbering; count afresh from here
            discontinuities++;
            highest = delta < 0x8000 ? highest + delta : ((highest + 0x10000) & ~0xffffL) | seq;
            base = highest - received + 1 - lostSoFar;
            return Change.DISCONTINUITY;
        }
        return Change.NONE;
    }

    private void restart(int s, int seq) {
        started = true;
        ssrc = s;
        highest = seq;
        base = seq;
        received = 1;
    }

    int ssrc() {
        return ssrc;
    }

    long received() {
        return received;
    }

    /** @return packets expected by the sequence numbers of the current SSRC but never received (never negative) */
    long lost() {
        return started ? Math.max(0, highest - base + 1 - received) : 0;
    }

    long ssrcChanges() {
        return ssrcChanges;
    }

    long discontinuities() {
        return discontinuities;
    }
}
