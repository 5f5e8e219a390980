package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The counter-mode keystream against RFC 3711 Appendix B.2 and the JDK's AES/CTR. */
class AesCounterModeTest {

    private static final byte[] B2_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] B2_IV = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    /** RFC 3711 Appendix B.2: the whole run of counters 0x0000 to 0xFF01, checked where the appendix prints it. */
    @Test
    void rfc3711AppendixB2() {
        byte[] keystream = new byte[0xFF02 * 16];
        new AesCounterMode(B2_KEY).xor(B2_IV, keystream, 0, keystream.length);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4", Hex.string(keystream, 0, 16));
        assertEquals("d23513162b02d0f72a43a2fe4a5f97ab", Hex.string(keystream, 16, 16));
        assertEquals("41e95b3bb0a2e8dd477901e4fca894c0", Hex.string(keystream, 32, 16));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4", Hex.string(keystream, 0xFEFF * 16, 16));
        assertEquals("362b7c3c6773516318a077d7fc5073ae", Hex.string(keystream, 0xFF00 * 16, 16));
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", Hex.string(keystream, 0xFF01 * 16, 16));
    }

    /** RFC 3711 Appendix B.2 through a packet: SSRC 0 and index 0 make the IV the shifted salt. */
    @Test
    void rfc3711AppendixB2ThroughAnRtpPacket() {
        SessionKeys keys = new SessionKeys(B2_KEY, Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), new byte[20]);
        SrtpSession session = new SrtpSession(SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), keys, keys);
        byte[] packet = new byte[12 + 48 + 10];
        packet[0] = (byte) 0x80;
        assertEquals(70, session.protectRtp(packet, 0, 60));
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0",
                Hex.string(packet, 12, 48));
    }

    /** Any length and starting counter, across the 512-octet chunks, as the JDK's AES/CTR computes it. */
    @Test
    void matchesTheJdksCounterModeAtEveryLength() throws GeneralSecurityException {
        Random random = new Random(4_1_1);
        for (int keyLength : new int[] {16, 24, 32}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            AesCounterMode mine = new AesCounterMode(key);
            Cipher jdk = Cipher.getInstance("AES/CTR/NoPadding");
            for (int len = 0; len <= 1100; len += len < 40 ? 1 : 37) {
                byte[] iv = new byte[16];
                random.nextBytes(iv);
                iv[12] = 0; // keep the low 32 bits from wrapping, where inc32 and the JDK's 128-bit increment differ
                byte[] data = new byte[len + 7];
                random.nextBytes(data);
                byte[] expected = data.clone();
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                jdk.doFinal(data, 3, len, expected, 3);
                byte[] ivBefore = iv.clone();
                mine.xor(iv, data, 3, len);
                assertArrayEquals(expected, data, "key " + keyLength + " length " + len);
                assertArrayEquals(ivBefore, iv, "the counter block is not the caller's to lose");
            }
        }
    }

    @Test
    void theCounterWrapsWithinItsLow32Bits() {
        byte[] key = new byte[16];
        AesCounterMode aes = new AesCounterMode(key);
        byte[] iv = Hex.bytes("00112233445566778899aabbffffffff");
        byte[] twoBlocks = new byte[32];
        aes.xor(iv, twoBlocks, 0, 32);
        byte[] second = new byte[16];
        aes.encryptBlock(Hex.bytes("00112233445566778899aabb00000000"), second, 0);
        assertArrayEquals(second, Arrays.copyOfRange(twoBlocks, 16, 32));
    }
}
