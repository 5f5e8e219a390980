package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SipMessageDecoderTest {

    private static final String BASE = "INVITE sip:bob@example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
        + "Max-Forwards: 70\r\n"
        + "To: <sip:bob@example.com>\r\n"
        + "From: Alice <sip:alice@example.com>;tag=a1\r\n"
        + "Call-ID: c1@example.com\r\n"
        + "CSeq: 1 INVITE\r\n";

    private final SipMessageDecoder decoder = new SipMessageDecoder();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private SipMessageImpl decodeOk(String text) {
        DecodeResult r = decoder.decode(bytes(text), true);
        assertTrue(r.ok(), r.toString());
        return r.message();
    }

    @ParameterizedTest
    @CsvSource({"i,Call-ID", "m,Contact", "e,Content-Encoding", "l,Content-Length", "c,Content-Type", "f,From",
        "s,Subject", "k,Supported", "t,To", "v,Via", "o,Event", "r,Refer-To", "b,Referred-By", "u,Allow-Events",
        "x,Session-Expires", "a,Accept-Contact", "j,Reject-Contact", "d,Request-Disposition", "y,Identity",
        "n,Identity-Info"})
    void compactFormsEqualLongNames(String compact, String longName) {
        String value = compact.equals("l") ? "0" : "value-" + compact;
        SipMessageImpl m = decodeOk("OPTIONS sip:x@example.com SIP/2.0\r\n" + compact.toUpperCase() + ": " + value
            + "\r\n\r\n");
        assertEquals(value, m.header(longName));
        assertEquals(value, m.header(compact));
        assertEquals(value, m.header(longName.toUpperCase()));
        assertEquals(List.of(longName), m.headerNames());
        String encoded = new String(m.encode(), StandardCharsets.UTF_8);
        assertTrue(encoded.contains("\r\n" + longName + ": " + value + "\r\n"), encoded);
    }

    @Test
    void foldedHeadersAreUnfolded() {
        SipMessageImpl m = decodeOk(BASE + "Subject: first\r\n   second\r\n\tthird  \r\n"
            + "Contact:\r\n <sip:alice@a.example.com>\r\nContent-Length: 0\r\n\r\n");
        assertEquals("first second third", m.header("Subject"));
        assertEquals("<sip:alice@a.example.com>", m.header("Contact"));
        byte[] encoded = m.encode();
        assertTrue(new String(encoded, StandardCharsets.UTF_8).contains("Subject: first second third\r\n"));
        assertArrayEquals(encoded, decodeOk(new String(encoded, StandardCharsets.UTF_8)).encode());
    }

    @Test
    void multiValueHeadersAreSplitButAuthenticationHeadersAreNot() {
        SipMessageImpl m = decodeOk("SIP/2.0 401 Unauthorized\r\n"
            + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2\r\n"
            + "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3\r\n"
            + "Contact: \"Doe, John\" <sip:j@x.com;a=b,c>, <sip:k@y.com>\r\n"
            + "WWW-Authenticate: Digest realm=\"x\", nonce=\"y\", qop=\"auth,auth-int\"\r\n"
            + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\nContent-Length: 0\r\n\r\n");
        assertEquals(3, m.headers("Via").size());
        assertEquals("SIP/2.0/UDP a.example.com;branch=z9hG4bK1", m.header("Via"));
        assertEquals(List.of("\"Doe, John\" <sip:j@x.com;a=b,c>", "<sip:k@y.com>"), m.headers("m"));
        assertEquals(1, m.headers("WWW-Authenticate").size());
        assertEquals(List.of("Sat, 13 Nov 2010 23:29:00 GMT"), m.headers("Date"));

        assertEquals("SIP/2.0/UDP a.example.com;branch=z9hG4bK1", m.removeFirstValue("Via"));
        assertEquals(List.of("SIP/2.0/TCP b.example.com;branch=z9hG4bK2", "SIP/2.0/UDP c.example.com;branch=z9hG4bK3"),
            m.headers("Via"));
        assertEquals(2, m.headerLineCount("Via"));
        assertEquals("z9hG4bK2", m.topVia().branch());
        m.removeFirstValue("Via");
        m.removeFirstValue("Via");
        assertNull(m.removeFirstValue("Via"));
        assertNull(m.topVia());
        assertFalse(m.headerNames().contains("Via"));
        assertTrue(m.removeFirstValue("WWW-Authenticate").startsWith("Digest"));
    }

    @Test
    void leadingCrlfsAreSkipped() {
        String msg = BASE + "Content-Length: 0\r\n\r\n";
        DecodeResult r = decoder.decode(bytes("\r\n\r\n\r\n" + msg), false);
        assertTrue(r.ok());
        assertEquals(6 + msg.length(), r.consumed());
        assertEquals("INVITE", r.message().method());
        DecodeResult keepAlive = decoder.decode(bytes("\r\n\r\n"), false);
        assertTrue(keepAlive.incomplete());
        assertEquals(4, keepAlive.consumed());
        assertTrue(decoder.decode(bytes("\r\n\r\n"), true).drop());
    }

    @Test
    void datagramTrailingBytesAreIgnoredAndMissingLengthMeansRest() {
        SipMessageImpl m = decodeOk(BASE + "Content-Length: 4\r\n\r\nbodyTRAILING");
        assertEquals("body", new String(m.body(), StandardCharsets.US_ASCII));
        SipMessageImpl n = decodeOk(BASE + "\r\nwhole rest");
        assertEquals("whole rest", new String(n.body(), StandardCharsets.US_ASCII));
        assertNull(n.header("Content-Length"));
        assertTrue(new String(n.encode(), StandardCharsets.US_ASCII).contains("Content-Length: 10\r\n"));
        DecodeResult stream = decoder.decode(bytes(BASE + "\r\nwhole rest"), false);
        assertEquals(400, stream.errorStatus());
        assertTrue(stream.errorReason().startsWith("Content-Length"));
    }

    @Test
    void streamWaitsForTheBody() {
        byte[] data = bytes(BASE + "Content-Length: 10\r\n\r\n0123456789");
        assertTrue(decoder.decode(data, 0, data.length - 1, false).incomplete());
        DecodeResult r = decoder.decode(data, 0, data.length, false);
        assertTrue(r.ok());
        assertEquals(data.length, r.consumed());
    }

    @Test
    void contentLengthErrors() {
        assertError(BASE + "Content-Length: -1\r\n\r\n", 400, "Content-Length: negative value");
        assertError(BASE + "Content-Length: 1x\r\n\r\n", 400, "Content-Length: not a number");
        assertError(BASE + "Content-Length: 99999999999999999999999\r\n\r\n", 513, "Content-Length");
        assertError(BASE + "Content-Length: 5\r\nl: 5\r\n\r\n12345", 400, "Content-Length: multiple");
        assertError(BASE + "Content-Length: 50\r\n\r\nshort", 400, "Content-Length: larger");
    }

    @Test
    void limitsAreEnforced() {
        SipMessageDecoder small = new SipMessageDecoder(new SipDecoderConfig(600, 8, 100, 50));
        StringBuilder many = new StringBuilder(BASE);
        for (int i = 0; i < 3; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        DecodeResult tooMany = small.decode(bytes(many + "\r\n"), true);
        assertEquals(400, tooMany.errorStatus());
        assertTrue(tooMany.errorReason().contains("too many header fields"));
        assertEquals(8, tooMany.message().headerNames().size());

        DecodeResult longLine = small.decode(bytes(BASE + "Subject: " + "x".repeat(100) + "\r\n\r\n"), true);
        assertEquals(400, longLine.errorStatus());
        assertTrue(longLine.errorReason().startsWith("Subject: header field longer"));

        DecodeResult bigBody = small.decode(bytes(BASE + "Content-Length: 51\r\n\r\n" + "b".repeat(51)), true);
        assertEquals(513, bigBody.errorStatus());

        DecodeResult bigMessage = small.decode(bytes(BASE + ("Z: " + "z".repeat(90) + "\r\n").repeat(5) + "\r\n"), true);
        assertEquals(513, bigMessage.errorStatus());
        DecodeResult hugeStream = small.decode(bytes(BASE + ("Z: " + "z".repeat(90) + "\r\n").repeat(7)), false);
        assertEquals(513, hugeStream.errorStatus());

        assertThrows(IllegalArgumentException.class, () -> new SipDecoderConfig(0, 1, 1, 1));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new SipDecoderConfig(1, 1, -5, 1));
        assertTrue(ex.getMessage().contains("maxLineLength"));
    }

    @Test
    void malformedInputNeverThrowsAndResponsesAreDropped() {
        assertTrue(decoder.decode(null, true).drop());
        assertTrue(decoder.decode(new byte[3], 2, 5, true).drop());
        assertTrue(decoder.decode(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), true).drop());
        assertTrue(decoder.decode(bytes("\u0000\u0001garbage"), true).drop());
        assertTrue(decoder.decode(bytes("SIP/2.0 20 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n"), true).drop());
        assertError(BASE + "Bad Header\r\n\r\n", 400, "malformed header field line");
        assertError(BASE + "Subject: a\nInjected: b\r\n\r\n", 400, "bare CR or LF");
        assertError(BASE + "Content-Length: 0\r\n", 400, "not terminated");
        assertTrue(decoder.decode(bytes(BASE), false).incomplete());
    }

    @Test
    void encodeDecodeRoundTripIsStable() {
        String text = "\r\n" + BASE + "v: SIP/2.0/TCP b.example.com;branch=z9hG4bK0\r\n"
            + "X-Unknown:    spaced   \r\nl: 5\r\nc: text/plain\r\n\r\nhello";
        SipMessageImpl m = decodeOk(text);
        byte[] once = m.encode();
        String s = new String(once, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP"), s);
        assertTrue(s.contains("\r\nVia: SIP/2.0/TCP b.example.com;branch=z9hG4bK0\r\n"), s);
        assertTrue(s.contains("\r\nX-Unknown: spaced\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"), s);
        byte[] twice = decodeOk(s).encode();
        assertArrayEquals(once, twice);
    }

    @Test
    void mutators() {
        SipMessageImpl m = decodeOk(BASE + "Route: <sip:r1@example.com;lr>\r\nContent-Length: 0\r\n\r\n");
        SipMessageImpl original = m.copy();
        m.addHeaderFirst("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp");
        assertEquals("proxy.example.com", m.topVia().host());
        assertEquals(2, m.headers("Via").size());
        m.addHeaderFirst("Record-Route", "<sip:proxy.example.com;lr>");
        assertEquals("Record-Route", m.headerNames().get(m.headerNames().size() - 1));
        m.addHeader("Record-Route", "<sip:second.example.com;lr>");
        m.addHeaderFirst("Record-Route", "<sip:first.example.com;lr>");
        assertEquals("<sip:first.example.com;lr>", m.header("Record-Route"));
        assertEquals(3, m.headers("Record-Route").size());
        m.setHeader("Max-Forwards", "69");
        assertEquals(69, m.maxForwards());
        assertEquals(1, m.removeHeader("Route"));
        assertEquals(0, m.removeHeader("Route"));
        m.setRequestUri("sip:bob@10.0.0.1:5060");
        m.setBody("v=0\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("5", m.header("Content-Length"));
        m.setHeader("Record-Route", "<sip:only.example.com;lr>");
        assertEquals(List.of("<sip:only.example.com;lr>"), m.headers("Record-Route"));

        SipMessageImpl back = decodeOk(new String(m.encode(), StandardCharsets.UTF_8));
        assertEquals("sip:bob@10.0.0.1:5060", back.requestUri());
        assertEquals("v=0\r\n", new String(back.body(), StandardCharsets.US_ASCII));
        assertEquals(69, back.maxForwards());

        assertEquals("sip:bob@example.com", original.requestUri());
        assertEquals(1, original.headers("Via").size());
        assertEquals(70, original.maxForwards());
        assertNotNull(original.header("Route"));

        assertThrows(IllegalArgumentException.class, () -> m.addHeader("X-Bad", "a\r\nInjected: b"));
        assertThrows(IllegalArgumentException.class, () -> m.addHeader("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setRequestUri("sip:a b"));
        assertThrows(IllegalStateException.class, () -> m.setStatus(200, "OK"));
    }

    @Test
    void responsesAndFactories() {
        SipMessageImpl req = decodeOk(BASE + "Timestamp: 54\r\nContent-Length: 0\r\n\r\n");
        SipMessageImpl trying = SipResponses.create(req, 100, null, "tt");
        assertEquals("Trying", trying.reasonPhrase());
        assertNull(trying.toTag());
        assertEquals("54", trying.header("Timestamp"));
        SipMessageImpl ok = SipResponses.create(req, 200, null, "tt");
        assertEquals("tt", ok.toTag());
        assertEquals("a1", ok.fromTag());
        assertEquals(1, ok.cseq());
        assertEquals("INVITE", ok.method());
        assertNull(ok.header("Timestamp"));
        String wire = new String(ok.encode(), StandardCharsets.UTF_8);
        assertTrue(wire.startsWith("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"), wire);
        assertTrue(wire.endsWith("Content-Length: 0\r\n\r\n"), wire);

        SipMessageImpl cancel = SipMessageImpl.request("CANCEL", "sip:bob@example.com");
        cancel.addHeader("Via", Via.of("UDP", "10.0.0.1", 5060, "z9hG4bKc").toString());
        assertEquals("CANCEL sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc\r\n"
            + "Content-Length: 0\r\n\r\n", new String(cancel.encode(), StandardCharsets.UTF_8));
        SipMessageImpl resp = SipMessageImpl.response(486, null);
        assertEquals("Busy Here", resp.reasonPhrase());
        assertEquals("Unsupported URI Scheme", SipResponses.reasonPhrase(416));
        assertEquals("Client Error", SipResponses.reasonPhrase(499));
        assertThrows(IllegalArgumentException.class, () -> SipMessageImpl.response(700, null));
    }

    private void assertError(String text, int status, String reason) {
        DecodeResult r = decoder.decode(bytes(text), true);
        assertFalse(r.ok(), text);
        assertEquals(status, r.errorStatus(), r.toString());
        assertTrue(r.errorReason().contains(reason), r.errorReason());
    }
}
