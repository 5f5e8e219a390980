package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** How a media value too long for its column is cut. */
class CallMediaValueTest {

    private static final String SRTP = "AES_CM_128_HMAC_SHA1_80";

    @Test
    void aValueThatFitsIsStoredAsGiven() {
        assertNull(CallMediaValue.fit(null, 10));
        String v = " RTP ,rtp,RTP";
        assertSame(v, CallMediaValue.fit(v, v.length()));
        assertEquals("", CallMediaValue.fit("", 1));
    }

    @Test
    void repeatedItemsGoFirstThenWholeItemsThatDoNotFit() {
        // 3 x 23 + 2 = 71 characters; distinct it is one suite.
        assertEquals(SRTP, CallMediaValue.fit(SRTP + "," + SRTP + "," + SRTP, 30));
        // A shorter item later on may still fit where a longer one did not.
        assertEquals(SRTP + ",AEAD_AES_128_GCM",
                CallMediaValue.fit(SRTP + ",AES_256_CM_HMAC_SHA1_80,AEAD_AES_128_GCM", 40));
        assertEquals(SRTP + ",AEAD_AES_128_GCM", CallMediaValue.fit(SRTP + ", ,,AEAD_AES_128_GCM , ", 40));
    }

    @Test
    void clearTextIsNeverCutAway() {
        assertEquals("RTP," + SRTP, CallMediaValue.fit(SRTP + ",AES_256_CM_HMAC_SHA1_80,rtp", 30));
        assertEquals("RTP", CallMediaValue.fit("AES_256_CM_HMAC_SHA1_80,RTP", 10));
    }

    @Test
    void onlyASingleOverlongItemIsCutInsideAndNeverInASurrogatePair() {
        assertEquals("X".repeat(8), CallMediaValue.fit("X".repeat(100), 8));
        assertEquals("X".repeat(8), CallMediaValue.fit("X".repeat(100) + ",YYYYYYYYYY,ZZZZZZZZZ", 8));
        String emoji = "\uD83D\uDD12"; // one code point, two chars
        assertEquals("abc", CallMediaValue.fit("abc" + emoji + "def", 4));
        assertEquals("abc" + emoji, CallMediaValue.fit("abc" + emoji + "def", 5));
        assertEquals("", CallMediaValue.fit(" , , , ", 3));
    }
}
