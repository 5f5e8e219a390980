package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipMessageValidatorTest {

    private static final String HEAD = "REGISTER sip:example.com SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
        + "To: <sip:bob@example.com>\r\n"
        + "From: <sip:bob@example.com>;tag=a1\r\n"
        + "Call-ID: c1@example.com\r\n"
        + "CSeq: 1 REGISTER\r\n";

    private final SipMessageDecoder decoder = new SipMessageDecoder();

    private SipMessageImpl decode(String text) {
        DecodeResult r = decoder.decode(text.getBytes(StandardCharsets.UTF_8), true);
        assertTrue(r.ok(), r.toString());
        return r.message();
    }

    private ValidationResult validate(String extra) {
        return new SipMessageValidator().validate(decode(HEAD + extra + "Content-Length: 0\r\n\r\n"));
    }

    @Test
    void acceptsAWellFormedRequestWithoutMaxForwards() {
        assertTrue(validate("").ok());
        assertTrue(validate("Contact: *\r\nExpires: 0\r\n").ok());
        assertTrue(validate("Route: <sip:r@example.com;lr>, <sip:s@example.com;lr>\r\n").ok());
        assertTrue(validate("Date: not a date at all\r\n").ok(), "Date is not interpreted");
    }

    @Test
    void rejectsSyntaxErrorsInInterpretedHeaders() {
        assertEquals("Contact: empty parameter", validate("Contact: <sip:x@y>;;\r\n").reason());
        assertEquals(400, validate("Contact: *, <sip:x@y>\r\n").status());
        assertEquals(400, validate("Record-Route: sip:x@y?Route=z\r\n").status());
        assertEquals(400, validate("Content-Type: text\r\n").status());
        assertEquals(400, validate("Max-Forwards: 256\r\n").status());
        assertEquals(400, validate("Max-Forwards: 1\r\nMax-Forwards: 2\r\n").status());
        assertEquals(400, validate("Via: \r\n").status());
        assertEquals("Call-ID: appears more than once", validate("i: other\r\n").reason());
    }

    @Test
    void statusOrderFollowsRfc3261Section16_3() {
        assertEquals(483, validate("Max-Forwards: 0\r\nProxy-Require: foo\r\n").status());
        ValidationResult ext = validate("Max-Forwards: 5\r\nProxy-Require: foo, bar\r\nRequire: baz\r\n");
        assertEquals(420, ext.status());
        assertEquals(List.of("foo", "bar"), ext.unsupported());
        SipMessageImpl m = decode(HEAD + "Proxy-Require: foo\r\nContent-Length: 0\r\n\r\n");
        assertTrue(new SipMessageValidator(List.of("foo")).validate(m).ok());
        SipMessageImpl mailto = decode(HEAD.replace("sip:example.com SIP", "mailto:a@b SIP") + "\r\n");
        assertEquals(416, new SipMessageValidator().validate(mailto).status());
    }

    @Test
    void responsesAreDroppedNeverAnswered() {
        String resp = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=1\r\n"
            + "From: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n";
        assertTrue(new SipMessageValidator().validate(decode(resp + "\r\n")).ok());
        ValidationResult bad = new SipMessageValidator().validate(decode(resp + "To: <sip:c@d>\r\n\r\n"));
        assertTrue(bad.drop());
        assertEquals(0, bad.status());
        ValidationResult code = new SipMessageValidator().validate(decode(resp.replace("200 OK", "099 Odd") + "\r\n"));
        assertTrue(code.drop());
        ValidationResult version = new SipMessageValidator().validate(decode(resp.replace("SIP/2.0 200", "SIP/3.0 200")
            + "\r\n"));
        assertTrue(version.drop());
        SipMessageImpl odd = decode(resp.replace("200 OK", "059 Odd") + "\r\n");
        assertTrue(new String(odd.encode(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 059 Odd\r\n"));
        assertFalse(new SipMessageValidator().validate(null).ok());
    }
}
