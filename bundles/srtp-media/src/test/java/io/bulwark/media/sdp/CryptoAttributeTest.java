package io.bulwark.media.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.srtp.SrtpSuite;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoAttributeTest {

    private static final String KEY = SessionDescriptionTest.KEY;

    @Test
    void theRfc4568ExampleIsReadWithLifetimeAndMki() throws Exception {
        CryptoAttribute c = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4");
        assertEquals(1, c.tag());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, c.suite());
        assertNull(c.unsupported());
        CryptoAttribute.KeyParams k = c.keys().get(0);
        assertEquals(1L << 20, k.lifetime());
        assertArrayEquals(new byte[] {0, 0, 0, 1}, k.mki());
        byte[] raw = Base64.getDecoder().decode(KEY);
        assertArrayEquals(java.util.Arrays.copyOf(raw, 16), k.masterKey(c.suite()));
        assertArrayEquals(java.util.Arrays.copyOfRange(raw, 16, 30), k.masterSalt(c.suite()));
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4", c.encode());
        assertFalse(c.toString().contains(KEY), c.toString());
        assertFalse(k.toString().contains(KEY));
    }

    @Test
    void keysOfEverySuiteMustHaveItsLength() throws Exception {
        for (SrtpSuite s : SrtpSuite.values()) {
            byte[] key = new byte[s.keyLength() + s.saltLength()];
            String b64 = Base64.getEncoder().encodeToString(key);
            CryptoAttribute ok = CryptoAttribute.parse("7 " + s.name() + " inline:" + b64);
            assertEquals(s, ok.suite());
            assertEquals(ok, CryptoAttribute.parse(ok.encode()));
            String shortKey = Base64.getEncoder().encodeToString(new byte[key.length - 1]);
            SdpException e = assertThrows(SdpException.class, () -> CryptoAttribute.parse("7 " + s.name()
                    + " inline:" + shortKey));
            assertEquals("a=crypto key", e.field());
        }
        CryptoAttribute made = CryptoAttribute.of(3, SrtpSuite.AEAD_AES_256_GCM, new byte[44]);
        assertEquals(made, CryptoAttribute.parse(made.encode()));
    }

    @Test
    void whatTheApplianceCannotUseIsMarkedNotRefused() throws Exception {
        assertEquals("crypto-suite F8_128_HMAC_SHA1_80 is not implemented",
                CryptoAttribute.parse("1 F8_128_HMAC_SHA1_80 inline:" + KEY).unsupported());
        assertTrue(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=1").unsupported()
                .contains("key derivation rate"));
        assertNull(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=0 WSH=128").unsupported());
        for (String p : List.of("UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP")) {
            assertTrue(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " " + p).unsupported()
                    .contains("unprotected"), p);
        }
    }

    @Test
    void severalKeysNeedAnMkiEach() throws Exception {
        CryptoAttribute two = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4;inline:"
                + KEY + "|2^20|2:4");
        assertEquals(2, two.keys().size());
        assertArrayEquals(new byte[] {0, 0, 0, 2}, two.keys().get(1).mki());
        assertField("a=crypto key-params", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + ";inline:" + KEY);
    }

    @Test
    void malformedAttributesNameTheirField() {
        assertField("a=crypto", "1 AES_CM_128_HMAC_SHA1_80");
        assertField("a=crypto tag", "x AES_CM_128_HMAC_SHA1_80 inline:" + KEY);
        assertField("a=crypto tag", "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + KEY);
        assertField("a=crypto crypto-suite", "1 AES-CM inline:" + KEY);
        assertField("a=crypto key-params", "1 AES_CM_128_HMAC_SHA1_80 uri:http://x");
        assertField("a=crypto key", "1 AES_CM_128_HMAC_SHA1_80 inline:***");
        assertField("a=crypto key", "1 NEW_SUITE inline:");
        assertField("a=crypto lifetime", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^49");
        assertField("a=crypto lifetime", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|0");
        assertField("a=crypto lifetime", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|lots");
        assertField("a=crypto MKI", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|1:0");
        assertField("a=crypto MKI", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|1:129");
        assertField("a=crypto MKI", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|256:1");
        assertField("a=crypto MKI", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|-1:1");
        assertField("a=crypto MKI", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|1:1|2:1");
        assertField("a=crypto key-params", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|2^20");
        assertField("a=crypto key-params", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4|x");
    }

    @Test
    void aMalformedCryptoLineInAnOfferNamesItsField() throws Exception {
        SessionDescription sd = SessionDescription.parse(SessionDescriptionTest.OFFER.replace("|2^20|1:4", "|2^64"));
        SdpException e = assertThrows(SdpException.class, () -> sd.media().get(0).cryptos());
        assertEquals("a=crypto lifetime", e.field());
        assertFalse(e.getMessage().contains(KEY));
    }

    private static void assertField(String field, String value) {
        SdpException e = assertThrows(SdpException.class, () -> CryptoAttribute.parse(value), value);
        assertEquals(field, e.field(), e.getMessage());
    }
}
