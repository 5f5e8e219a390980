package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Protect and unprotect through a sender and a receiver session on the same master key. */
class SrtpSessionTest {

    private static final int SSRC = 0x11223344;
    private static final byte[] MKI = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    private final Random random = new Random(3550);

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rtpRoundTripsWithAndWithoutMki(SrtpSuite suite) {
        for (byte[] mki : new byte[][] {new byte[0], MKI}) {
            SrtpPolicy policy = SrtpPolicy.of(suite).withMki(mki);
            SrtpSession sender = Packets.session(policy, 1);
            SrtpSession receiver = Packets.session(policy, 1);
            for (int seq = 100; seq < 160; seq++) {
                int payload = (seq * 37) % 300;
                byte[] buf = Packets.rtp(seq, SSRC, payload, random);
                byte[] plain = Arrays.copyOf(buf, 12 + payload);
                int len = sender.protectRtp(buf, 0, plain.length);
                assertEquals(plain.length + policy.rtpOverhead(), len, suite + " protect");
                if (payload >= 8) {
                    assertFalse(Arrays.equals(plain, Arrays.copyOf(buf, plain.length)), "payload encrypted");
                }
                int mkiOffset = plain.length + (suite.aead() ? suite.rtpTagLength() : 0);
                assertArrayEquals(mki, Arrays.copyOfRange(buf, mkiOffset, mkiOffset + mki.length), "MKI placed");
                assertEquals(plain.length, receiver.unprotectRtp(buf, 0, len), suite + " unprotect");
                assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rtcpRoundTripsWithAndWithoutMkiEncryptedOrNot(SrtpSuite suite) {
        for (byte[] mki : new byte[][] {new byte[0], MKI}) {
            for (boolean encrypted : new boolean[] {true, false}) {
                SrtpPolicy policy = SrtpPolicy.of(suite).withMki(mki).withSrtcpEncryption(encrypted);
                SrtpSession sender = Packets.session(policy, 2);
                // the receiver goes by the E flag, whatever its own policy sends
                SrtpSession receiver = Packets.session(SrtpPolicy.of(suite).withMki(mki), 2);
                for (int i = 0; i < 20; i++) {
                    byte[] buf = Packets.rtcp(SSRC, 8 + 4 * i, random);
                    byte[] plain = Arrays.copyOf(buf, 8 + 4 * i);
                    int len = sender.protectRtcp(buf, 0, plain.length);
                    assertEquals(plain.length + policy.rtcpOverhead(), len);
                    int indexOffset = plain.length + (suite.aead() ? suite.rtcpTagLength() : 0);
                    assertEquals(encrypted ? 0x80000000 | i : i, Bytes.i32(buf, indexOffset), "E flag and index");
                    assertEquals(plain.length, receiver.unprotectRtcp(buf, 0, len));
                    assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
                }
            }
        }
    }

    @Test
    void headersWithCsrcsAndAnExtensionStayClear() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] buf = new byte[12 + 8 + 12 + 40 + Packets.ROOM];
        buf[0] = (byte) 0x92; // V=2, X=1, CC=2
        for (int i = 12; i < 72; i++) {
            buf[i] = (byte) i;
        }
        Bytes.putI32(buf, 8, SSRC);
        Bytes.SHORT_BE.set(buf, 20, (short) 0xbede);
        Bytes.SHORT_BE.set(buf, 22, (short) 2); // two words of extension
        byte[] plain = Arrays.copyOf(buf, 72);
        int len = Packets.session(policy, 3).protectRtp(buf, 0, 72);
        assertEquals(82, len);
        assertArrayEquals(Arrays.copyOf(plain, 32), Arrays.copyOf(buf, 32), "header, CSRCs and extension clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 32, 72), Arrays.copyOfRange(buf, 32, 72)));
        assertEquals(72, Packets.session(policy, 3).unprotectRtp(buf, 0, len));
        assertArrayEquals(plain, Arrays.copyOf(buf, 72));
    }

    @Test
    void packetsAtAnOffsetInALargerBuffer() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpPolicy policy = SrtpPolicy.of(suite).withMki(MKI);
            byte[] packet = Packets.rtp(7, SSRC, 50, random);
            byte[] buf = new byte[300];
            System.arraycopy(packet, 0, buf, 17, 62);
            buf[16] = 0x55;
            int len = Packets.session(policy, 4).protectRtp(buf, 17, 62);
            assertEquals(62, Packets.session(policy, 4).unprotectRtp(buf, 17, len));
            assertArrayEquals(Arrays.copyOf(packet, 62), Arrays.copyOfRange(buf, 17, 79));
            assertEquals(0x55, buf[16], "nothing before the offset touched");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aReplayedPacketIsRefused(SrtpSuite suite) {
        SrtpPolicy policy = SrtpPolicy.of(suite);
        SrtpSession sender = Packets.session(policy, 7);
        SrtpSession receiver = Packets.session(policy, 7);
        byte[][] wire = new byte[5][];
        for (int i = 0; i < 5; i++) {
            byte[] buf = Packets.rtp(500 + i, SSRC, 20, random);
            wire[i] = Arrays.copyOf(buf, sender.protectRtp(buf, 0, 32));
        }
        for (int i : new int[] {4, 0, 2}) {
            assertEquals(32, receiver.unprotectRtp(wire[i].clone(), 0, wire[i].length));
        }
        for (int i : new int[] {4, 0, 2}) {
            assertEquals(SrtpStatus.REPLAY_FAIL, SrtpStatus.of(receiver.unprotectRtp(wire[i].clone(), 0, wire[i].length)));
        }
        assertEquals(32, receiver.unprotectRtp(wire[1].clone(), 0, wire[1].length), "unseen, in the window");
        assertEquals(32, receiver.unprotectRtp(wire[3].clone(), 0, wire[3].length));
    }

    @Test
    void packetsBehindTheWindowAreTooOld() {
        for (int window : new int[] {64, 1024}) {
            SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80).withReplayWindow(window);
            SrtpSession sender = Packets.session(policy, 8);
            SrtpSession receiver = Packets.session(policy, 8);
            int newest = window + 10;
            byte[][] wire = new byte[newest + 1][];
            for (int seq = 0; seq <= newest; seq++) {
                byte[] buf = Packets.rtp(seq, SSRC, 10, random);
                wire[seq] = Arrays.copyOf(buf, sender.protectRtp(buf, 0, 22));
            }
            assertEquals(22, receiver.unprotectRtp(wire[newest], 0, wire[newest].length));
            int oldest = newest - window + 1;
            assertEquals(SrtpStatus.REPLAY_OLD, SrtpStatus.of(receiver.unprotectRtp(wire[oldest - 1], 0, 32)),
                    "window " + window);
            assertEquals(22, receiver.unprotectRtp(wire[oldest], 0, 32), "the oldest in the window " + window);
        }
    }

    @Test
    void srtcpReplaysAndOldIndicesAreRefused() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM);
        SrtpSession sender = Packets.session(policy, 9);
        SrtpSession receiver = Packets.session(policy, 9);
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] buf = Packets.rtcp(SSRC, 24, random);
            wire.add(Arrays.copyOf(buf, sender.protectRtcp(buf, 0, 24)));
        }
        int len = 24 + 4 + 16;
        assertEquals(24, receiver.unprotectRtcp(wire.get(199).clone(), 0, len));
        assertEquals(SrtpStatus.REPLAY_FAIL, SrtpStatus.of(receiver.unprotectRtcp(wire.get(199).clone(), 0, len)));
        assertEquals(SrtpStatus.REPLAY_OLD, SrtpStatus.of(receiver.unprotectRtcp(wire.get(10).clone(), 0, len)));
        assertEquals(24, receiver.unprotectRtcp(wire.get(150).clone(), 0, len), "within the window of 128");
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM"})
    void theRolloverCounterFollowsTheSequenceNumberAcrossItsWrap(SrtpSuite suite) {
        SrtpPolicy policy = SrtpPolicy.of(suite);
        SrtpSession sender = Packets.session(policy, 10);
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> wire = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int seq = (65530 + i) & 0xffff;
            byte[] buf = Packets.rtp(seq, SSRC, 30, random);
            plain.add(Arrays.copyOf(buf, 42));
            wire.add(Arrays.copyOf(buf, sender.protectRtp(buf, 0, 42)));
        }
        SrtpSession inOrder = Packets.session(policy, 10);
        for (int i = 0; i < 20; i++) {
            byte[] packet = wire.get(i).clone();
            assertEquals(42, inOrder.unprotectRtp(packet, 0, packet.length), "in order, packet " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOf(packet, 42));
        }
        // across the wrap: 65535 after 0, stragglers of ROC 0 after packets of ROC 1
        int[] order = {0, 1, 7, 5, 6, 2, 4, 3, 9, 8, 12, 10, 11, 19, 13, 18, 14, 17, 15, 16};
        SrtpSession reordered = Packets.session(policy, 10);
        for (int i : order) {
            byte[] packet = wire.get(i).clone();
            assertEquals(42, reordered.unprotectRtp(packet, 0, packet.length), "out of order, packet " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOf(packet, 42));
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 2; i < 20; i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, random);
        SrtpSession shuffledReceiver = Packets.session(policy, 10);
        assertEquals(42, shuffledReceiver.unprotectRtp(wire.get(0).clone(), 0, wire.get(0).length));
        for (int i : shuffled) {
            assertEquals(42, shuffledReceiver.unprotectRtp(wire.get(i).clone(), 0, wire.get(i).length), "shuffled " + i);
        }
    }

    @Test
    void aLongStreamKeepsItsRolloverCounterInStepOverSeveralWraps() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpSession sender = Packets.session(policy, 11);
        SrtpSession receiver = Packets.session(policy, 11);
        byte[] buf = Packets.rtp(0, SSRC, 4, random);
        for (int n = 0; n < 3 * 65536 + 100; n++) {
            Bytes.SHORT_BE.set(buf, 2, (short) n);
            buf[12] = (byte) n;
            int len = sender.protectRtp(buf, 0, 16);
            assertEquals(16, receiver.unprotectRtp(buf, 0, len), "packet " + n);
            assertEquals((byte) n, buf[12]);
        }
    }

    @Test
    void theSenderNeverEncryptsAnIndexTwice() {
        SrtpSession sender = Packets.session(SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM), 12);
        byte[] buf = Packets.rtp(42, SSRC, 20, random);
        assertEquals(48, sender.protectRtp(buf, 0, 32));
        byte[] again = Packets.rtp(42, SSRC, 20, random);
        byte[] before = again.clone();
        assertEquals(SrtpStatus.REPLAY_FAIL, SrtpStatus.of(sender.protectRtp(again, 0, 32)));
        assertArrayEquals(before, again, "refused before anything was written");
        for (int seq = 43; seq < 43 + 200; seq++) {
            byte[] next = Packets.rtp(seq, SSRC, 20, random);
            assertEquals(48, sender.protectRtp(next, 0, 32));
        }
        assertEquals(SrtpStatus.REPLAY_OLD, SrtpStatus.of(sender.protectRtp(Packets.rtp(50, SSRC, 20, random), 0, 32)));
    }

    /**
     * A sender that jumps more than 2^15 ahead early in its first ROC (libsrtp accepts it in ROC 0)
     * and then wraps: every packet must pass, before and after the wrap.
     */
    @Test
    void aBigJumpInTheFirstRocAndTheWrapAfterItPass() {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        SrtpSession sender = new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), key, salt);
        SrtpSession receiver = new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), key, salt);
        for (int seq : new int[] {100, 101, 50000, 65535, 0, 1, 500}) {
            byte[] p = new byte[12 + 160 + 10];
            p[0] = (byte) 0x80;
            p[2] = (byte) (seq >> 8);
            p[3] = (byte) seq;
            p[11] = 9;
            int n = sender.protectRtp(p, 0, 172);
            org.junit.jupiter.api.Assertions.assertEquals(182, n, "protect seq " + seq);
            org.junit.jupiter.api.Assertions.assertEquals(172, receiver.unprotectRtp(p, 0, n), "unprotect seq " + seq);
        }
    }
}
