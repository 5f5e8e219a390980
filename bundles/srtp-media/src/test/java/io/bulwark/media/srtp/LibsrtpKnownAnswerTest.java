package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * End-to-end known answers for the HMAC suites, master key to wire bytes: RFC 3711 prints no SRTP
 * packet, so these are the packets of libsrtp's self-test ({@code srtp_driver}), on the RFC 3711
 * Appendix B.3 master key (AES-128) and the RFC 6188 section 7.2 one (AES-256): SSRC 0xcafebabe,
 * SEQ 0x1234, ROC 0, sixteen octets of 0xab. They pin the HMAC input (header, ciphertext, ROC) and
 * the SRTCP trailer, which the RFC vectors do not reach.
 */
class LibsrtpKnownAnswerTest {

    private static final byte[] KEY_128 = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] SALT_128 = Hex.bytes("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] KEY_256 = Hex.bytes("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
    private static final byte[] SALT_256 = Hex.bytes("3b04803de51ee7c96423ab5b78d2");
    private static final byte[] RTP = Hex.bytes("800f1234 decafbad cafebabe abababab abababab abababab abababab");

    @Test
    void srtpAes128HmacSha1_80() {
        roundTripRtp(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_128, SALT_128, Hex.bytes("""
                800f1234 decafbad cafebabe 4e55dc4c e79978d8
                8ca4d215 949d2402 b78d6acc 99ea179b 8dbb"""));
    }

    @Test
    void srtpAes256HmacSha1_80() {
        roundTripRtp(SrtpSuite.AES_256_CM_HMAC_SHA1_80, KEY_256, SALT_256, Hex.bytes("""
                800f1234 decafbad cafebabe f1d9de17 ff251ff1
                aa007774 b0b4b40d a08d9d9a 5b3a55d8 873b"""));
    }

    /** libsrtp numbers its first SRTCP packet 1. */
    @Test
    void srtcpAes128HmacSha1_80() {
        byte[] rtcp = Hex.bytes("81c8000b cafebabe abababab abababab abababab abababab");
        byte[] expected = Hex.bytes("""
                81c8000b cafebabe 7128035b e487b9bd bef89041
                f977a5a8 80000001 993e08cd 54d6c123 0798""");
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSession sender = new SrtpSession(policy, KEY_128, SALT_128);
        sender.nextSrtcpIndex(0xcafebabe, 1);
        byte[] buf = Arrays.copyOf(rtcp, 64);
        int len = sender.protectRtcp(buf, 0, rtcp.length);
        assertArrayEquals(expected, Arrays.copyOf(buf, len));

        byte[] wire = expected.clone();
        int plain = new SrtpSession(policy, KEY_128, SALT_128).unprotectRtcp(wire, 0, wire.length);
        assertArrayEquals(rtcp, Arrays.copyOf(wire, plain));
    }

    private static void roundTripRtp(SrtpSuite suite, byte[] key, byte[] salt, byte[] expected) {
        SrtpPolicy policy = SrtpPolicy.of(suite);
        byte[] buf = Arrays.copyOf(RTP, 64);
        int len = new SrtpSession(policy, key, salt).protectRtp(buf, 0, RTP.length);
        assertEquals(RTP.length + 10, len);
        assertArrayEquals(expected, Arrays.copyOf(buf, len));

        byte[] wire = expected.clone();
        int plain = new SrtpSession(policy, key, salt).unprotectRtp(wire, 0, wire.length);
        assertArrayEquals(RTP, Arrays.copyOf(wire, plain));
    }
}
