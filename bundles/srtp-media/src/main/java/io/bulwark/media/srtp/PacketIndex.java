package io.bulwark.media.srtp;

/**
 * The 48-bit SRTP packet index, {@code ROC * 2^16 + SEQ}, estimated from a 16-bit sequence number
 * and the highest index of the stream (RFC 3711 section 3.3.1 and Appendix A): the index of the
 * three candidates ROC - 1, ROC and ROC + 1 that lies closest to the highest.
 */
final class PacketIndex {

    /** The largest SRTP index: past it the key may not be used (RFC 3711 section 9.2). */
    static final long MAX_RTP_INDEX = (1L << 48) - 1;

    private static final int HALF = 1 << 15;

    private PacketIndex() {
    }

    /**
     * The index of sequence number {@code seq} on a stream whose highest index is {@code highest},
     * or, before any packet ({@code highest} -1), whose ROC starts at {@code initialRoc}. Never
     * negative: in the first ROC a sequence number more than 2^15 ahead is taken in that ROC.
     */
    static long estimate(long highest, int seq, long initialRoc) {
        if (highest < 0) {
            return (initialRoc << 16) | seq;
        }
        long roc = highest >>> 16;
        int highestSeq = (int) highest & 0xffff;
        long guess;
        if (highestSeq < HALF) {
            // at ROC 0 there is no ROC - 1: a big jump forward is taken as is, as libsrtp does
            guess = seq - highestSeq > HALF && roc > 0 ? roc - 1 : roc;
        } else {
            guess = highestSeq - HALF > seq ? roc + 1 : roc;
        }
        return (guess << 16) | seq;
    }
}
