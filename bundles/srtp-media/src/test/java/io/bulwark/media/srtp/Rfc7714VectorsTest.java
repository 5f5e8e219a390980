package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 7714 sections 16 and 17: the AEAD_AES_128_GCM and AEAD_AES_256_GCM SRTP and SRTCP packets,
 * protected from the plaintext and unprotected back. The RFC gives session keys and salt directly
 * (no key derivation), SSRC 0x5501a0b2 with ROC 0 and SEQ 0xf17b for SRTP, and SSRC "Mars" with
 * SRTCP index 0x5d4 for SRTCP.
 */
class Rfc7714VectorsTest {

    private static final byte[] KEY_128 = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_256 = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] SALT = Hex.bytes("517569642070726f2071756f");
    private static final int SSRC_MARS = 0x4d617273;
    private static final int SRTCP_INDEX = 0x5d4;

    private static final byte[] RTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");

    private static final byte[] RTCP = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");

    /** Section 16.1.1 (encryption) and 16.1.2 (decryption), AEAD_AES_128_GCM. */
    @Test
    void srtpAes128Gcm() {
        roundTripRtp(SrtpSuite.AEAD_AES_128_GCM, KEY_128, Hex.bytes("""
                8040f17b 8041f8d3 5501a0b2 f24de3a3
                fb34de6c acba861c 9d7e4bca be633bd5
                0d294e6f 42a5f47a 51c7d19b 36de3adf
                8833899d 7f27beb1 6a9152cf 765ee439
                0cce"""));
    }

    /** Section 16.2.1 and 16.2.2, AEAD_AES_256_GCM. */
    @Test
    void srtpAes256Gcm() {
        roundTripRtp(SrtpSuite.AEAD_AES_256_GCM, KEY_256, Hex.bytes("""
                8040f17b 8041f8d3 5501a0b2 32b1de78
                a822fe12 ef9f78fa 332e33aa b1801238
                9a58e2f3 b50b2a02 76ffae0f 1ba63799
                b87b7aa3 db36dfff d6b0f9bb 7878d7a7
                6c13"""));
    }

    /** Section 17.1, SRTCP encrypted with AEAD_AES_128_GCM. */
    @Test
    void srtcpAes128GcmEncrypted() {
        roundTripRtcp(SrtpSuite.AEAD_AES_128_GCM, KEY_128, true, Hex.bytes("""
                81c8000d 4d617273 63e94885 dcdab67c
                a727d766 2f6b7e99 7ff5c0f7 6c06f32d
                c676a5f1 730d6fda 4ce09b46 86303ded
                0bb9275b c84aa458 96cf4d2f c5abf872
                45d9eade 800005d4"""));
    }

    /** Section 17.2, SRTCP encrypted with AEAD_AES_256_GCM. */
    @Test
    void srtcpAes256GcmEncrypted() {
        roundTripRtcp(SrtpSuite.AEAD_AES_256_GCM, KEY_256, true, Hex.bytes("""
                81c8000d 4d617273 d50ae4d1 f5ce5d30
                4ba297e4 7d470c28 2c3ece5d bffe0a50
                a2eaa5c1 110555be 8415f658 c61de047
                6f1b6fad 1d1eb30c 4446839f 57ff6f6c
                b26ac3be 800005d4"""));
    }

    /** Section 17.3, SRTCP only authenticated (E = 0) with AEAD_AES_128_GCM. */
    @Test
    void srtcpAes128GcmAuthenticatedOnly() {
        roundTripRtcp(SrtpSuite.AEAD_AES_128_GCM, KEY_128, false, concat(RTCP, Hex.bytes("""
                841dd968 3dd78ec9 2ae58790 125f62b3
                000005d4""")));
    }

    /** Section 17.4, SRTCP only authenticated (E = 0) with AEAD_AES_256_GCM. */
    @Test
    void srtcpAes256GcmAuthenticatedOnly() {
        roundTripRtcp(SrtpSuite.AEAD_AES_256_GCM, KEY_256, false, concat(RTCP, Hex.bytes("""
                91db4afb feee5a97 8fab4393 ed2615fe
                000005d4""")));
    }

    private static void roundTripRtp(SrtpSuite suite, byte[] key, byte[] expected) {
        byte[] buf = Arrays.copyOf(RTP, 100);
        int len = session(suite, key, true).protectRtp(buf, 0, RTP.length);
        assertEquals(expected.length, len);
        assertArrayEquals(expected, Arrays.copyOf(buf, len));

        byte[] wire = expected.clone();
        int plainLength = session(suite, key, true).unprotectRtp(wire, 0, wire.length);
        assertEquals(RTP.length, plainLength);
        assertArrayEquals(RTP, Arrays.copyOf(wire, plainLength));
    }

    private static void roundTripRtcp(SrtpSuite suite, byte[] key, boolean encrypted, byte[] expected) {
        SrtpSession sender = session(suite, key, encrypted);
        sender.nextSrtcpIndex(SSRC_MARS, SRTCP_INDEX);
        byte[] buf = Arrays.copyOf(RTCP, 100);
        int len = sender.protectRtcp(buf, 0, RTCP.length);
        assertEquals(expected.length, len);
        assertArrayEquals(expected, Arrays.copyOf(buf, len));

        byte[] wire = expected.clone();
        int plainLength = session(suite, key, encrypted).unprotectRtcp(wire, 0, wire.length);
        assertEquals(RTCP.length, plainLength);
        assertArrayEquals(RTCP, Arrays.copyOf(wire, plainLength));
    }

    private static SrtpSession session(SrtpSuite suite, byte[] key, boolean srtcpEncrypted) {
        SessionKeys keys = new SessionKeys(key, SALT, new byte[0]);
        return new SrtpSession(SrtpPolicy.of(suite).withSrtcpEncryption(srtcpEncrypted), keys, keys);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
