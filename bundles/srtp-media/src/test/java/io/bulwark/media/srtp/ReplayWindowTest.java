package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private static final int FAIL = SrtpStatus.REPLAY_FAIL.code();
    private static final int OLD = SrtpStatus.REPLAY_OLD.code();

    @Test
    void anEmptyWindowTakesAnything() {
        ReplayWindow window = new ReplayWindow(64);
        assertEquals(-1, window.highest());
        assertEquals(0, window.check(0));
        assertEquals(0, window.check(PacketIndex.MAX_RTP_INDEX));
    }

    @Test
    void seenIndicesAreReplaysAndOnesBehindTheWindowAreOld() {
        ReplayWindow window = new ReplayWindow(64);
        window.accept(1000);
        assertEquals(FAIL, window.check(1000));
        assertEquals(0, window.check(999));
        assertEquals(0, window.check(1000 - 63));
        assertEquals(OLD, window.check(1000 - 64));
        window.accept(990);
        assertEquals(FAIL, window.check(990));
        assertEquals(1000, window.highest(), "accepting an older index keeps the highest");
    }

    @Test
    void movingForwardForgetsWhatThePassedBitsHeld() {
        ReplayWindow window = new ReplayWindow(64);
        for (long i = 0; i < 64; i++) {
            window.accept(i);
        }
        window.accept(64 + 10); // passes bits of 64..73, which held 0..9
        for (long i = 65; i < 74; i++) {
            assertEquals(0, window.check(i), "index " + i + " was never seen");
        }
        assertEquals(OLD, window.check(10));
        assertEquals(FAIL, window.check(11));
        window.accept(100_000);
        assertEquals(0, window.check(100_000 - 1));
        assertEquals(OLD, window.check(74));
    }

    /** Against a plain set of every index seen, for random walks with reordering, in windows 64 and 1024. */
    @Test
    void agreesWithAPlainRecordOfEverythingSeen() {
        Random random = new Random(332);
        for (int size : new int[] {64, 1024}) {
            ReplayWindow window = new ReplayWindow(size);
            BitSet seen = new BitSet();
            long highest = -1;
            long cursor = 5000;
            for (int step = 0; step < 20_000; step++) {
                cursor = Math.max(0, cursor + random.nextInt(3 * size / 2) - size / 2 - 10);
                int expected = cursor > highest ? 0 : highest - cursor >= size ? OLD : seen.get((int) cursor) ? FAIL : 0;
                assertEquals(expected, window.check(cursor), "size " + size + " index " + cursor);
                if (expected == 0) {
                    window.accept(cursor);
                    seen.set((int) cursor);
                    highest = Math.max(highest, cursor);
                }
            }
        }
    }

    @Test
    void sizesArePowersOfTwoFrom64To32768() {
        assertTrue(ReplayWindow.validSize(64));
        assertTrue(ReplayWindow.validSize(1024));
        assertTrue(ReplayWindow.validSize(32768));
        assertFalse(ReplayWindow.validSize(32));
        assertFalse(ReplayWindow.validSize(100));
        assertFalse(ReplayWindow.validSize(65536));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(96));
    }
}
