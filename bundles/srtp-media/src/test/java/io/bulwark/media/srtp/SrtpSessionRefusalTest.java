package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a session refuses, with which status, and that a refusal neither throws nor changes the
 * packet or the session's state: forgeries, packets under another key or MKI, garbage of every
 * length, bad bounds, full tables and used-up index spaces.
 */
class SrtpSessionRefusalTest {

    private static final int SSRC = 0x11223344;
    private static final byte[] MKI = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    private final Random random = new Random(3550);

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void everyAlteredOctetIsRefusedAndLeavesThePacketAndStateAlone(SrtpSuite suite) {
        SrtpPolicy policy = SrtpPolicy.of(suite).withMki(MKI);
        SrtpSession receiver = Packets.session(policy, 5);
        SrtpSession sender = Packets.session(policy, 5);
        byte[] buf = Packets.rtp(1000, SSRC, 40, random);
        int len = sender.protectRtp(buf, 0, 52);
        byte[] wire = Arrays.copyOf(buf, len);
        int mkiOffset = 52 + (suite.aead() ? suite.rtpTagLength() : 0);
        for (int at = 0; at < len; at++) {
            byte[] forged = wire.clone();
            forged[at] ^= 0x04;
            int result = receiver.unprotectRtp(forged, 0, len);
            boolean inMki = at >= mkiOffset && at < mkiOffset + MKI.length;
            if (inMki) {
                assertEquals(SrtpStatus.BAD_MKI, SrtpStatus.of(result), "octet " + at);
            } else if (at == 0) {
                // octet 0 holds the CSRC count: the longer header fits (AUTH_FAIL) or does not (BAD_PACKET)
                assertTrue(result == SrtpStatus.AUTH_FAIL.code() || result == SrtpStatus.BAD_PACKET.code(), "octet 0");
            } else {
                assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(result), "octet " + at);
            }
            byte[] expectedUntouched = wire.clone();
            expectedUntouched[at] ^= 0x04;
            assertArrayEquals(expectedUntouched, forged, "a refused packet stays as it came");
        }
        assertEquals(0, receiver.streamCount(), "forgeries create no stream");
        assertEquals(52, receiver.unprotectRtp(wire, 0, len), "the genuine packet still passes");
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void alteredSrtcpIsRefused(SrtpSuite suite) {
        SrtpPolicy policy = SrtpPolicy.of(suite);
        SrtpSession receiver = Packets.session(policy, 6);
        byte[] buf = Packets.rtcp(SSRC, 28, random);
        int len = Packets.session(policy, 6).protectRtcp(buf, 0, 28);
        byte[] wire = Arrays.copyOf(buf, len);
        for (int at = 1; at < len; at++) {
            byte[] forged = wire.clone();
            forged[at] ^= 0x01;
            assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(receiver.unprotectRtcp(forged, 0, len)), "octet " + at);
        }
        assertEquals(28, receiver.unprotectRtcp(wire, 0, len));
    }

    @Test
    void anotherMkiIsRefused() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80).withMki(MKI);
        byte[] buf = Packets.rtp(1, SSRC, 20, random);
        int len = Packets.session(policy, 13).protectRtp(buf, 0, 32);
        SrtpSession other = Packets.session(policy.withMki(new byte[] {1, 2, 3, 4}), 13);
        assertEquals(SrtpStatus.BAD_MKI, SrtpStatus.of(other.unprotectRtp(buf, 0, len)));
        byte[] rtcp = Packets.rtcp(SSRC, 8, random);
        int rtcpLen = Packets.session(policy, 13).protectRtcp(rtcp, 0, 8);
        assertEquals(SrtpStatus.BAD_MKI, SrtpStatus.of(other.unprotectRtcp(rtcp, 0, rtcpLen)));
    }

    @Test
    void anotherKeyFailsAuthentication() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            byte[] buf = Packets.rtp(1, SSRC, 20, random);
            int len = Packets.session(SrtpPolicy.of(suite), 14).protectRtp(buf, 0, 32);
            assertEquals(SrtpStatus.AUTH_FAIL,
                    SrtpStatus.of(Packets.session(SrtpPolicy.of(suite), 15).unprotectRtp(buf, 0, len)), suite.name());
        }
    }

    @Test
    void protectNeedsRoomForTheTrailer() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpSession sender = Packets.session(SrtpPolicy.of(suite).withMki(MKI), 16);
            byte[] exact = Arrays.copyOf(Packets.rtp(1, SSRC, 20, random), 32 + 4 + suite.rtpTagLength() - 1);
            byte[] before = exact.clone();
            assertEquals(SrtpStatus.BUFFER_TOO_SMALL, SrtpStatus.of(sender.protectRtp(exact, 0, 32)));
            assertArrayEquals(before, exact);
            byte[] rtcp = Arrays.copyOf(Packets.rtcp(SSRC, 8, random), 8 + 4 + 4 + suite.rtcpTagLength() - 1);
            assertEquals(SrtpStatus.BUFFER_TOO_SMALL, SrtpStatus.of(sender.protectRtcp(rtcp, 0, 8)));
            byte[] fits = Arrays.copyOf(Packets.rtp(1, SSRC, 20, random), 32 + 4 + suite.rtpTagLength());
            assertEquals(fits.length, sender.protectRtp(fits, 0, 32));
        }
    }

    @Test
    void theNumberOfStreamsIsBounded() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80).withMaxStreams(2);
        SrtpSession sender = Packets.session(policy.withMaxStreams(3), 17);
        SrtpSession receiver = Packets.session(policy, 17);
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            byte[] buf = Packets.rtp(1, ssrc, 10, random);
            int len = sender.protectRtp(buf, 0, 22);
            int result = receiver.unprotectRtp(buf, 0, len);
            assertEquals(ssrc <= 2 ? 22 : SrtpStatus.TOO_MANY_STREAMS.code(), result, "SSRC " + ssrc);
        }
        assertEquals(2, receiver.streamCount());
        assertEquals(SrtpStatus.TOO_MANY_STREAMS,
                SrtpStatus.of(receiver.protectRtp(Packets.rtp(1, 9, 10, random), 0, 22)));
        assertEquals(SrtpStatus.TOO_MANY_STREAMS,
                SrtpStatus.of(receiver.protectRtcp(Packets.rtcp(9, 8, random), 0, 8)));
    }

    @Test
    void theSrtcpIndexRunsOutAt2To31() {
        SrtpSession sender = Packets.session(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), 18);
        sender.nextSrtcpIndex(SSRC, Integer.MAX_VALUE);
        byte[] buf = Packets.rtcp(SSRC, 8, random);
        int len = sender.protectRtcp(buf, 0, 8);
        assertEquals(8 + 14, len);
        assertEquals(0xffffffff, Bytes.i32(buf, 8), "E flag and the last index");
        assertEquals(SrtpStatus.KEY_EXHAUSTED, SrtpStatus.of(sender.protectRtcp(Packets.rtcp(SSRC, 8, random), 0, 8)));
    }

    @Test
    void theSrtpIndexRunsOutAt2To48() {
        SrtpSession sender = Packets.session(SrtpPolicy.of(SrtpSuite.AEAD_AES_256_GCM), 19);
        sender.startStreamAt(SSRC, 0xffffffffL);
        assertEquals(12 + 16, sender.protectRtp(Packets.rtp(65535, SSRC, 0, random), 0, 12));
        assertEquals(SrtpStatus.KEY_EXHAUSTED, SrtpStatus.of(sender.protectRtp(Packets.rtp(0, SSRC, 0, random), 0, 12)));
    }

    @Test
    void badBoundsAreABadPacket() {
        SrtpSession session = Packets.session(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), 20);
        byte[] buf = Packets.rtp(1, SSRC, 20, random);
        int[][] bounds = {{-1, 10}, {0, -1}, {0, buf.length + 1}, {buf.length, 1}, {Integer.MAX_VALUE, 10},
            {10, Integer.MAX_VALUE}};
        for (int[] b : bounds) {
            assertEquals(SrtpStatus.BAD_PACKET.code(), session.protectRtp(buf, b[0], b[1]));
            assertEquals(SrtpStatus.BAD_PACKET.code(), session.unprotectRtp(buf, b[0], b[1]));
            assertEquals(SrtpStatus.BAD_PACKET.code(), session.protectRtcp(buf, b[0], b[1]));
            assertEquals(SrtpStatus.BAD_PACKET.code(), session.unprotectRtcp(buf, b[0], b[1]));
        }
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.unprotectRtp(null, 0, 0));
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.protectRtcp(null, 0, 0));
    }

    @Test
    void notVersionTwoIsABadPacket() {
        SrtpSession session = Packets.session(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), 21);
        byte[] buf = Packets.rtp(1, SSRC, 20, random);
        buf[0] = 0x40;
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.protectRtp(buf, 0, 32));
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.unprotectRtp(buf, 0, 32));
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.protectRtcp(buf, 0, 32));
        assertEquals(SrtpStatus.BAD_PACKET.code(), session.unprotectRtcp(buf, 0, 32));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void garbageAndTruncationsOfEveryLengthAreRefusedWithoutAnException(SrtpSuite suite) {
        for (byte[] mki : new byte[][] {new byte[0], MKI}) {
            SrtpPolicy policy = SrtpPolicy.of(suite).withMki(mki);
            SrtpSession session = Packets.session(policy, 22);
            for (int len = 0; len <= 40; len++) {
                for (int round = 0; round < 300; round++) {
                    byte[] buf = new byte[len + (round % 2 == 0 ? 0 : Packets.ROOM)];
                    random.nextBytes(buf);
                    if (round % 3 == 0 && len > 0) {
                        buf[0] = (byte) (0x80 | buf[0] & 0x3f); // looks like version 2
                    }
                    if (round == 1) {
                        Arrays.fill(buf, (byte) 0);
                    }
                    byte[] copy = buf.clone();
                    assertTrue(session.unprotectRtp(buf, 0, len) < 0, "garbage SRTP of " + len + " octets");
                    assertTrue(session.unprotectRtcp(buf, 0, len) < 0, "garbage SRTCP of " + len + " octets");
                    assertArrayEquals(copy, buf, "refused garbage stays as it came");
                    int rtp = session.protectRtp(buf.clone(), 0, len);
                    assertTrue(rtp < 0 || rtp == len + policy.rtpOverhead());
                    int rtcp = session.protectRtcp(buf.clone(), 0, len);
                    assertTrue(rtcp < 0 || rtcp == len + policy.rtcpOverhead());
                }
            }
            assertEquals(0, Packets.session(policy, 22).streamCount());
            SrtpSession sender = Packets.session(policy, 23);
            SrtpSession receiver = Packets.session(policy, 23);
            byte[] buf = Packets.rtp(9, SSRC, 40, random);
            int len = sender.protectRtp(buf, 0, 52);
            byte[] rtcp = Packets.rtcp(SSRC, 40, random);
            int rtcpLen = sender.protectRtcp(rtcp, 0, 40);
            for (int cut = 0; cut < len; cut++) {
                assertTrue(receiver.unprotectRtp(buf.clone(), 0, cut) < 0, "SRTP cut to " + cut);
            }
            for (int cut = 0; cut < rtcpLen; cut++) {
                assertTrue(receiver.unprotectRtcp(rtcp.clone(), 0, cut) < 0, "SRTCP cut to " + cut);
            }
            assertEquals(52, receiver.unprotectRtp(buf, 0, len));
            assertEquals(40, receiver.unprotectRtcp(rtcp, 0, rtcpLen));
        }
    }

    @Test
    void theMasterKeyAndSaltMustFitTheSuite() {
        SrtpPolicy gcm = SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM);
        assertThrows(IllegalArgumentException.class, () -> new SrtpSession(gcm, new byte[16], new byte[14]));
        assertThrows(IllegalArgumentException.class, () -> new SrtpSession(gcm, new byte[32], new byte[12]));
        SrtpPolicy cm = SrtpPolicy.of(SrtpSuite.AES_256_CM_HMAC_SHA1_32);
        assertThrows(IllegalArgumentException.class, () -> new SrtpSession(cm, new byte[16], new byte[14]));
        assertNotEquals(null, new SrtpSession(cm, new byte[32], new byte[14]).policy());
    }
}
