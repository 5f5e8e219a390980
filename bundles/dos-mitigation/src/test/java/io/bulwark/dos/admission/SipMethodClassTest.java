package io.bulwark.dos.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMethodClassTest {

    @Test
    void sortsByTheFirstTokenOfTheStartLine() {
        assertEquals(SipMethodClass.INVITE, of("INVITE sip:bob@example.com SIP/2.0\r\n"));
        assertEquals(SipMethodClass.REGISTER, of("REGISTER sip:example.com SIP/2.0\r\n"));
        assertEquals(SipMethodClass.OPTIONS, of("\r\n\r\nOPTIONS sip:x SIP/2.0\r\n"));
        assertEquals(SipMethodClass.OTHER, of("BYE sip:x SIP/2.0\r\n"));
        assertEquals(SipMethodClass.RESPONSE, of("SIP/2.0 200 OK\r\n"));
        // methods are case-sensitive; a lower-case invite is some other method
        assertEquals(SipMethodClass.OTHER, of("invite sip:x SIP/2.0\r\n"));
        assertEquals(SipMethodClass.OTHER, of("INVITEX sip:x SIP/2.0"));
        assertEquals(SipMethodClass.OTHER, of("INV"));
        assertEquals(SipMethodClass.OTHER, SipMethodClass.of(null));
    }

    private static int of(String s) {
        return SipMethodClass.of(s.getBytes(StandardCharsets.US_ASCII));
    }
}
