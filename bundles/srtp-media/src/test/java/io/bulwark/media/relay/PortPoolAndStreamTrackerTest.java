package io.bulwark.media.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortPoolAndStreamTrackerTest {

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
        assertEquals(StreamTracker.Change.FIRST, t.onHeader(0x80, 65530, 9));
        for (int seq : new int[] {65531, 65533, 65532, 65535, 0, 1, 3}) {
            assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, seq, 9));
        }
        assertEquals(2, t.lost(), "65534 and 2 never came; 65532 came late");
        assertEquals(8, t.received());
        assertEquals(StreamTracker.Change.DISCONTINUITY, t.onHeader(0x80, 20000, 9));
        assertEquals(2, t.lost(), "a jump is not loss");
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, 20002, 9));
        assertEquals(3, t.lost());
        assertEquals(StreamTracker.Change.DISCONTINUITY, t.onHeader(0x80, 100, 9));
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, 101, 9));
        assertEquals(3, t.lost(), "a jump back is a restart, not loss");
        assertEquals(StreamTracker.Change.NONE, t.onHeader(0x40, 5, 9), "not RTP version 2: ignored");
        assertEquals(StreamTracker.Change.NEW_SSRC, t.onHeader(0x80, 7, 10));
        assertEquals(3, t.lost(), "the first SSRC's loss stays counted");
        assertEquals(1, t.ssrcChanges());
        assertEquals(2, t.discontinuities());
    }

    @Test
    void ssrcsSentSideBySideAreFollowedApartAndReportedOnce() {
        StreamTracker t = new StreamTracker();
        assertEquals(StreamTracker.Change.FIRST, t.onHeader(0x80, 100, 1));
        assertEquals(StreamTracker.Change.NEW_SSRC, t.onHeader(0x80, 5000, 2));
        for (int k = 1; k <= 50; k++) {
            assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, 100 + k, 1), "voice, packet " + k);
            if (k != 20) {
                assertEquals(StreamTracker.Change.NONE, t.onHeader(0x80, 5000 + k, 2), "echo, packet " + k);
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
        t.onHeader(0x80, 10, 1);
        t.onHeader(0x80, 12, 1); // 11 lost
        for (int s = 2; s <= StreamTracker.SLOTS; s++) {
            assertEquals(StreamTracker.Change.NEW_SSRC, t.onHeader(0x80, 1, s));
        }
        assertEquals(StreamTracker.Change.NEW_SSRC, t.onHeader(0x80, 1, 99), "a fifth SSRC takes SSRC 1's slot");
        assertEquals(1, t.lost(), "the retired SSRC's loss is kept");
        assertEquals(StreamTracker.SLOTS + 2, t.received());
        assertEquals(StreamTracker.Change.NEW_SSRC, t.onHeader(0x80, 13, 1), "SSRC 1 again: no longer followed");
        assertEquals(StreamTracker.SLOTS + 1, t.ssrcChanges());
    }
}
