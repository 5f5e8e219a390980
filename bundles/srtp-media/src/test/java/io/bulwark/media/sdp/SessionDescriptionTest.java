package io.bulwark.media.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.media.srtp.SrtpSuite;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    static final String KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    /** An SDES offer as softphones send it: two suites, RTCP multiplexed, a video line disabled. */
    static final String OFFER = "v=0\r\n"
            + "o=alice 2890844526 2890844527 IN IP4 198.51.100.7\r\n"
            + "s=Stimme \u00e4\r\n"
            + "c=IN IP4 198.51.100.7\r\n"
            + "t=0 0\r\n"
            + "m=audio 49170 RTP/SAVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4\r\n"
            + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY + "\r\n"
            + "a=rtcp-mux\r\n"
            + "a=sendrecv\r\n"
            + "m=video 0 RTP/SAVP 96\r\n"
            + "c=IN IP6 2001:db8::7\r\n";

    @Test
    void anOfferIsReadAndWrittenBackByteForByte() throws Exception {
        byte[] body = OFFER.getBytes(StandardCharsets.ISO_8859_1);
        SessionDescription sd = SessionDescription.parse(body);
        assertArrayEquals(body, sd.encode());
        assertEquals("alice 2890844526 2890844527 IN IP4 198.51.100.7", sd.origin());
        assertEquals(new Connection("IP4", "198.51.100.7", ""), sd.connection());
        assertEquals(2, sd.media().size());
        MediaDescription audio = sd.media().get(0);
        assertEquals("audio", audio.media());
        assertEquals(49170, audio.port());
        assertEquals("RTP/SAVP", audio.proto());
        assertTrue(audio.secureProto());
        assertEquals(java.util.List.of("0", "8", "101"), audio.formats());
        assertTrue(audio.rtcpMux());
        assertEquals("sendrecv", audio.direction());
        assertEquals("PCMU/8000", audio.attribute("rtpmap").substring(2));
        assertEquals(sd.connection(), sd.connectionOf(audio));
        MediaDescription video = sd.media().get(1);
        assertEquals(0, video.port());
        assertEquals(new Connection("IP6", "2001:db8::7", ""), sd.connectionOf(video));
        assertFalse(video.rtcpMux());
    }

    @Test
    void theAnchorsRewriteChangesOnlyWhatItTouches() throws Exception {
        SessionDescription sd = SessionDescription.parse(OFFER);
        sd.connection(Connection.of("10.9.0.1"));
        MediaDescription audio = sd.media().get(0);
        audio.port(30000);
        audio.proto("RTP/AVP");
        audio.removeAttributes("crypto");
        audio.addAttribute("ptime", "20");
        String out = sd.toText();
        String expected = OFFER.replace("c=IN IP4 198.51.100.7", "c=IN IP4 10.9.0.1")
                .replace("m=audio 49170 RTP/SAVP", "m=audio 30000 RTP/AVP")
                .replaceAll("a=crypto:[^\r]*\r\n", "")
                .replace("a=sendrecv\r\n", "a=sendrecv\r\na=ptime:20\r\n");
        assertEquals(expected, out);
        assertFalse(out.contains(KEY));
        assertThrows(IllegalArgumentException.class, () -> audio.port(65536));
    }

    @Test
    void aConnectionIsAddedWhereTheRfcPutsIt() throws Exception {
        SessionDescription sd = SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 192.0.2.1\r\na=sendonly\r\n");
        assertNull(sd.connection());
        sd.connection(Connection.of("2001:db8::1"));
        MediaDescription m = sd.media().get(0);
        m.lines().removeIf(l -> l.type() == 'c');
        m.connection(Connection.of("192.0.2.9"));
        assertEquals("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 192.0.2.9\r\na=sendonly\r\n", sd.toText());
        assertEquals("sendonly", m.direction());
    }

    @Test
    void bareLineFeedsAndTrailingBlankLinesAreAccepted() throws Exception {
        SessionDescription sd = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\n"
                + "t=0 0\nm=audio 4000 RTP/AVP 0\n\r\n\r\n");
        assertEquals(1, sd.media().size());
        assertTrue(sd.toText().endsWith("m=audio 4000 RTP/AVP 0\r\n"));
    }

    @Test
    void cryptoLinesAreRedactedInToString() throws Exception {
        SessionDescription sd = SessionDescription.parse(OFFER);
        assertFalse(sd.toString().contains(KEY), sd.toString());
        assertTrue(sd.toString().contains("a=crypto:<redacted>"));
        assertTrue(sd.toText().contains(KEY));
        CryptoAttribute c = sd.media().get(0).firstUsableCrypto().orElseThrow();
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, c.suite());
    }

    @Test
    void badSdpIsRefusedNamingTheLineAndTheField() {
        assertError("o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\n", 1, "v=");
        assertError("v=1\r\n", 1, "v=");
        assertError("v=0\r\ns=-\r\n", 0, "o=");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", 0, "s=");
        assertError("v=0\r\no=- 1 IN IP4 192.0.2.1\r\ns=-\r\n", 2, "o=");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n", 0, "c=");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP5 192.0.2.1\r\n", 4, "c= address type");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4\r\n", 4, "c=");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nm=audio 70000 RTP/AVP 0\r\n",
                5, "m= port");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000/0x RTP/AVP 0\r\n",
                5, "m= port count");
        assertError("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP\r\n", 5, "m=");
        assertError("v=0\r\nX=1\r\n", 2, "line");
        assertError("v=0\r\na=bad\u0001\r\n", 2, "a=");
        assertError("v=0\r\nnonsense\r\n", 2, "line");
        assertError("", 0, "body");
        assertError("v=0\r\n" + "a=x\r\n".repeat(SessionDescription.MAX_LINES), SessionDescription.MAX_LINES + 1, "body");
        assertError("v=0\r\na=" + "x".repeat(SessionDescription.MAX_LINE_LENGTH) + "\r\n", 2, "line");
        StringBuilder many = new StringBuilder("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n");
        for (int i = 0; i <= SessionDescription.MAX_MEDIA; i++) {
            many.append("m=audio ").append(4000 + 2 * i).append(" RTP/AVP 0\r\n");
        }
        assertError(many.toString(), 5 + SessionDescription.MAX_MEDIA, "m=");
        byte[] big = new byte[SessionDescription.MAX_BYTES + 1];
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(big));
        assertEquals("body", e.field());
        assertThrows(SdpException.class, () -> SessionDescription.parse(new byte[4], 2, 4));
    }

    private static void assertError(String sdp, int line, String field) {
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(sdp));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
    }
}
