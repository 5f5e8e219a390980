package io.bulwark.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortPoolAndStreamTrackerTest {

    /** The sender's clock (8 kHz) and the arrival times: each packet 20 ms and 160 units after the one before. */
    private int timestamp = 0x7fff_ff00;
    private long now = 1_000_000;

    /** One packet sent and received in real time, whatever its sequence number says. */
    private StreamTracker.Change inRealTime(StreamTracker t, int firstByte, int seq, int ssrc) {
        timestamp += 160;
        now += 20;
        return t.onHeader(firstByte, seq, timestamp, ssrc, now);
    }

    @Test
    void evenPortsRoundRobinAndReleasedOnesComeLast() {
        PortPool p = new PortPool(30001, 30009);
        assertEquals(4, p.capacity());
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            got.add(p.acquire());
        }
        assertEquals(Set.of(30002, 30004, 30006, 30008), got);
        assertEquals(-1, p.acquire());
        p.release(30004);
        p.release(30004);
        p.release(30005);
        p.release(12);
        assertEquals(3, p.inUse());
        assertEquals(30004, p.acquire());
        p.release(30002);
        p.release(30008);
        assertEquals(30008, p.acquire(), "round robin: after 30004 comes 30006 (taken), then 30008");
        assertThrows(IllegalArgumentException.class, () -> new PortPool(80, 90));
        assertThrows(IllegalArgumentException.class, () -> new PortPool(30000, 30000));
    }

    @Test
    void lossWrapsReorderingAndRestartsAreCountedApart() {
        StreamTracker t = new StreamTracker();
        assertEquals(StreamTracker.Change.FIRST, inRealTime(t, 0x80, 65530, 9));
        for (int seq : new int[] {65531, 65533, 65532, 65535, 0, 1, 3}) {
            assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x80, seq, 9));
        }
        assertEquals(2, t.lost(), "65534 and 2 never came; 65532 came late");
        assertEquals(8, t.received());
        assertEquals(StreamTracker.Change.DISCONTINUITY, inRealTime(t, 0x80, 20000, 9));
        assertEquals(2, t.lost(), "a jump is not loss");
        assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x80, 20002, 9));
        assertEquals(3, t.lost());
        assertEquals(StreamTracker.Change.DISCONTINUITY, inRealTime(t, 0x80, 100, 9));
        assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x80, 101, 9));
        assertEquals(3, t.lost(), "a jump back is a restart, not loss");
        assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x40, 5, 9), "not RTP version 2: ignored");
        assertEquals(StreamTracker.Change.NEW_SSRC, inRealTime(t, 0x80, 7, 10));
        assertEquals(3, t.lost(), "the first SSRC's loss stays counted");
        assertEquals(1, t.ssrcChanges());
        assertEquals(2, t.discontinuities());
    }

    @Test
    void ssrcsSentSideBySideAreFollowedApartAndReportedOnce() {
        StreamTracker t = new StreamTracker();
        assertEquals(StreamTracker.Change.FIRST, inRealTime(t, 0x80, 100, 1));
        assertEquals(StreamTracker.Change.NEW_SSRC, inRealTime(t, 0x80, 5000, 2));
        for (int k = 1; k <= 50; k++) {
            assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x80, 100 + k, 1), "voice, packet " + k);
            if (k != 20) {
                assertEquals(StreamTracker.Change.NONE, inRealTime(t, 0x80, 5000 + k, 2), "echo, packet " + k);
            }
        }
        assertEquals(1, t.ssrcChanges(), "two SSRCs interleaved: one new SSRC, not one per switch");
        assertEquals(0, t.discontinuities(), "each SSRC's numbering is followed on its own");
        assertEquals(101, t.received());
        assertEquals(1, t.lost(), "packet 5020 of the second SSRC never came");
        assertEquals(2, t.ssrc());
    }

    @Test
    void moreSsrcsThanSlotsRetireTheIdlestWithItsFiguresKept() {
        StreamTracker t = new StreamTracker();
        inRealTime(t, 0x80, 10, 1);
        inRealTime(t, 0x80, 12, 1); // 11 lost
        for (int s = 2; s <= StreamTracker.SLOTS; s++) {
            assertEquals(StreamTracker.Change.NEW_SSRC, inRealTime(t, 0x80, 1, s));
        }
        assertEquals(StreamTracker.Change.NEW_SSRC, inRealTime(t, 0x80, 1, 99), "a fifth SSRC takes SSRC 1's slot");
        assertEquals(1, t.lost(), "the retired SSRC's loss is kept");
        assertEquals(StreamTracker.SLOTS + 2, t.received());
        assertEquals(StreamTracker.Change.NEW_SSRC, inRealTime(t, 0x80, 13, 1), "SSRC 1 again: no longer followed");
        assertEquals(StreamTracker.SLOTS + 1, t.ssrcChanges());
    }

    @Test
    void timestampsThatDoNotFitTheTimeThatPassedAreAJump() {
        StreamTracker t = new StreamTracker();
        int ts = 0xffff_fe00; // the timestamp wraps on the way
        long at = 5_000;
        assertEquals(StreamTracker.Change.FIRST, t.onHeader(0x80, 1, ts, 7, at));
        int seq = 1;
        for (int k = 0; k < 50; k++) { // 20 ms of 8 kHz audio each
            assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts += 160, 7, at += 20), "packet " + k);
        }
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts += 16_000, 7, at += 2_000),
                "2 s of silence suppressed: the timestamp moved on with the clock");
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts += 480_000, 7, at += 60_000),
                "a minute on hold");
        for (int k = 0; k < 10; k++) {
            assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts += 160, 7, at),
                    "a burst held back by the network arrives at once");
        }
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts -= 3_000, 7, at += 33),
                "video frames sent out of presentation order step back a little");
        assertEquals(0, t.timestampJumps());
        assertEquals(StreamTracker.Change.TIMESTAMP_JUMP, t.onHeader(0x80, ++seq, ts + 0x4000_0000, 7, at += 20),
                "a stream spliced in with timestamps of its own");
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, ++seq, ts + 0x4000_0000 + 160, 7, at += 20),
                "and then it is followed from there");
        assertEquals(StreamTracker.Change.TIMESTAMP_JUMP, t.onHeader(0x80, ++seq, ts, 7, at += 20),
                "back more than the slack");
        assertEquals(2, t.timestampJumps());
        assertEquals(0, t.discontinuities(), "sequence numbers were in order throughout");
        assertEquals(0, t.lost());
    }
}
