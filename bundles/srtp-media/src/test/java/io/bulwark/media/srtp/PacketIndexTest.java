package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix A's estimate: the candidate index closest to the highest one. */
class PacketIndexTest {

    private static long index(long roc, int seq) {
        return (roc << 16) | seq;
    }

    @Test
    void theFirstPacketStartsAtTheInitialRoc() {
        assertEquals(index(0, 65530), PacketIndex.estimate(-1, 65530, 0));
        assertEquals(index(7, 3), PacketIndex.estimate(-1, 3, 7));
    }

    @Test
    void sameRocNearTheHighest() {
        assertEquals(index(5, 1000), PacketIndex.estimate(index(5, 1200), 1000, 0));
        assertEquals(index(5, 1300), PacketIndex.estimate(index(5, 1200), 1300, 0));
        assertEquals(index(5, 50000), PacketIndex.estimate(index(5, 40000), 50000, 0));
    }

    @Test
    void aSmallSequenceNumberAfterAHighOneIsTheNextRoc() {
        assertEquals(index(6, 2), PacketIndex.estimate(index(5, 65534), 2, 0));
        assertEquals(index(1, 0), PacketIndex.estimate(index(0, 65535), 0, 0));
    }

    @Test
    void aHighSequenceNumberAfterALowOneIsThePreviousRoc() {
        assertEquals(index(4, 65534), PacketIndex.estimate(index(5, 2), 65534, 0));
        assertEquals(index(0, 65534), PacketIndex.estimate(index(0, 2), 65534, 0),
                "in ROC 0 there is no previous ROC: taken as is, as libsrtp does");
    }

    @Test
    void theBoundariesOfHalfTheSequenceSpace() {
        // s_l < 2^15: SEQ - s_l > 2^15 means ROC - 1
        assertEquals(index(2, 32768 + 101), PacketIndex.estimate(index(3, 100), 32768 + 101, 0));
        assertEquals(index(3, 32768 + 100), PacketIndex.estimate(index(3, 100), 32768 + 100, 0));
        // s_l >= 2^15: s_l - 2^15 > SEQ means ROC + 1
        assertEquals(index(4, 99), PacketIndex.estimate(index(3, 32768 + 100), 99, 0));
        assertEquals(index(3, 100), PacketIndex.estimate(index(3, 32768 + 100), 100, 0));
    }
}
