package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtpPolicyTest {

    @Test
    void defaults() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertEquals(0, policy.mkiLength());
        assertEquals(128, policy.replayWindow());
        assertEquals(32, policy.maxStreams());
        assertTrue(policy.srtcpEncrypted());
        assertEquals(4, policy.rtpOverhead());
        assertEquals(14, policy.rtcpOverhead());
    }

    @Test
    void overheadCountsTheMki() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AEAD_AES_256_GCM).withMki(new byte[] {1, 2});
        assertEquals(18, policy.rtpOverhead());
        assertEquals(22, policy.rtcpOverhead());
    }

    @Test
    void theMkiIsCopiedBothWays() {
        byte[] mki = {9, 8, 7};
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM).withMki(mki);
        mki[0] = 0;
        assertArrayEquals(new byte[] {9, 8, 7}, policy.mki());
        policy.mki()[1] = 0;
        assertArrayEquals(new byte[] {9, 8, 7}, policy.mki());
    }

    @Test
    void boundsAreEnforced() {
        SrtpPolicy policy = SrtpPolicy.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThrows(IllegalArgumentException.class, () -> policy.withMki(new byte[129]));
        assertEquals(128, policy.withMki(new byte[128]).mkiLength());
        assertThrows(IllegalArgumentException.class, () -> policy.withReplayWindow(32));
        assertThrows(IllegalArgumentException.class, () -> policy.withReplayWindow(1000));
        assertEquals(1024, policy.withReplayWindow(1024).replayWindow());
        assertThrows(IllegalArgumentException.class, () -> policy.withMaxStreams(0));
        assertThrows(IllegalArgumentException.class, () -> policy.withMaxStreams(4097));
    }

    @Test
    void equalityByValue() {
        SrtpPolicy a = SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM).withMki(new byte[] {1});
        SrtpPolicy b = SrtpPolicy.of(SrtpSuite.AEAD_AES_128_GCM).withMki(new byte[] {1});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withSrtcpEncryption(false));
        assertNotEquals(a, b.withMki(new byte[] {2}));
    }
}
