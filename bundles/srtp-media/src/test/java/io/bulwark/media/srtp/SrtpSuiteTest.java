package io.bulwark.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SrtpSuiteTest {

    @Test
    void lengthsOfTheHmacSuites() {
        assertEquals(16, SrtpSuite.AES_CM_128_HMAC_SHA1_80.keyLength());
        assertEquals(32, SrtpSuite.AES_256_CM_HMAC_SHA1_32.keyLength());
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32,
            SrtpSuite.AES_256_CM_HMAC_SHA1_80, SrtpSuite.AES_256_CM_HMAC_SHA1_32}) {
            assertEquals(14, suite.saltLength());
            assertEquals(20, suite.authKeyLength());
            assertEquals(10, suite.rtcpTagLength(), "RFC 4568 6.2.1: SRTCP keeps the 80-bit tag");
            assertEquals(suite.name().endsWith("_80") ? 10 : 4, suite.rtpTagLength());
            assertFalse(suite.aead());
        }
    }

    @Test
    void lengthsOfTheGcmSuites() {
        assertEquals(16, SrtpSuite.AEAD_AES_128_GCM.keyLength());
        assertEquals(32, SrtpSuite.AEAD_AES_256_GCM.keyLength());
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM}) {
            assertEquals(12, suite.saltLength());
            assertEquals(16, suite.rtpTagLength());
            assertEquals(16, suite.rtcpTagLength());
            assertEquals(0, suite.authKeyLength());
            assertTrue(suite.aead());
        }
    }

    @Test
    void foundBySdesName() {
        assertEquals(Optional.of(SrtpSuite.AES_256_CM_HMAC_SHA1_80), SrtpSuite.forSdesName("AES_256_CM_HMAC_SHA1_80"));
        assertEquals(Optional.empty(), SrtpSuite.forSdesName("F8_128_HMAC_SHA1_80"));
        assertEquals(Optional.empty(), SrtpSuite.forSdesName("aead_aes_128_gcm"));
    }
}
