package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcTableTest {

    @Test
    void findsWhatWasAddedUpToCapacity() {
        for (int capacity : new int[] {1, 2, 3, 32, 1000}) {
            SsrcTable table = new SsrcTable(capacity);
            Random random = new Random(capacity);
            int[] ssrcs = random.ints(capacity).toArray();
            SrtpStream[] streams = new SrtpStream[capacity];
            for (int i = 0; i < capacity; i++) {
                if (table.get(ssrcs[i]) == null) {
                    streams[i] = table.add(new SrtpStream(ssrcs[i], 64));
                } else {
                    streams[i] = table.get(ssrcs[i]);
                }
            }
            for (int i = 0; i < capacity; i++) {
                assertSame(streams[i], table.get(ssrcs[i]));
            }
            assertTrue(table.size() <= capacity);
        }
    }

    @Test
    void sharedSlotsAndZeroAndNegativeSsrcs() {
        SsrcTable table = new SsrcTable(8);
        int[] ssrcs = {0, -1, Integer.MIN_VALUE, 0x10000, 0x20000, 0x30000, 1, 0x7fffffff};
        for (int ssrc : ssrcs) {
            table.add(new SrtpStream(ssrc, 64));
        }
        for (int ssrc : ssrcs) {
            assertEquals(ssrc, table.get(ssrc).ssrc);
        }
        assertNull(table.get(2));
        assertTrue(table.full());
        assertThrows(IllegalStateException.class, () -> table.add(new SrtpStream(2, 64)));
        assertEquals(8, table.size());
    }
}
