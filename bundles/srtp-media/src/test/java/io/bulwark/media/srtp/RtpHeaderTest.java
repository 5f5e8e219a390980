package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    private static final int TOO_SHORT = SrtpStatus.TOO_SHORT.code();
    private static final int BAD = SrtpStatus.BAD_PACKET.code();

    @Test
    void fixedHeaderAndCsrcs() {
        byte[] buf = new byte[80];
        buf[0] = (byte) 0x80;
        assertEquals(12, RtpHeader.length(buf, 0, 12));
        buf[0] = (byte) 0x83;
        assertEquals(24, RtpHeader.length(buf, 0, 30));
        assertEquals(24, RtpHeader.length(buf, 0, 24));
        assertEquals(BAD, RtpHeader.length(buf, 0, 23));
        buf[0] = (byte) 0x8f;
        assertEquals(72, RtpHeader.length(buf, 0, 80));
    }

    @Test
    void extensionLengthIsInWords() {
        byte[] buf = new byte[60];
        buf[0] = (byte) 0x91; // X, one CSRC
        Bytes.SHORT_BE.set(buf, 16, (short) 0xbede);
        Bytes.SHORT_BE.set(buf, 18, (short) 3);
        assertEquals(16 + 4 + 12, RtpHeader.length(buf, 0, 60));
        assertEquals(32, RtpHeader.length(buf, 0, 32));
        assertEquals(BAD, RtpHeader.length(buf, 0, 31));
        assertEquals(BAD, RtpHeader.length(buf, 0, 19), "the extension's own preamble runs past");
        Bytes.SHORT_BE.set(buf, 18, (short) 0xffff);
        assertEquals(BAD, RtpHeader.length(buf, 0, 60));
    }

    @Test
    void paddingIsPayload() {
        byte[] buf = new byte[20];
        buf[0] = (byte) 0xa0; // P set
        assertEquals(12, RtpHeader.length(buf, 0, 20));
    }

    @Test
    void shortOrOtherVersions() {
        byte[] buf = new byte[20];
        buf[0] = (byte) 0x80;
        assertEquals(TOO_SHORT, RtpHeader.length(buf, 0, 11));
        for (int version : new int[] {0, 1, 3}) {
            buf[0] = (byte) (version << 6);
            assertEquals(BAD, RtpHeader.length(buf, 0, 20));
            assertFalse(RtpHeader.isVersion2(buf, 0));
        }
        buf[0] = (byte) 0x81;
        assertTrue(RtpHeader.isVersion2(buf, 0));
    }

    @Test
    void readsAtTheOffset() {
        byte[] buf = new byte[40];
        buf[10] = (byte) 0x82;
        assertEquals(20, RtpHeader.length(buf, 10, 30));
    }
}
