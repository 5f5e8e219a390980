package io.bulwark.inspection.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureMatcherTest {

    private final SignatureMatcher m = new SignatureMatcher(List.of("friendly-scanner", "sipvicious", "smap",
            "sip-scan", "évil"));

    @Test
    void findsSignaturesAnywhereInAnyCase() {
        assertEquals("friendly-scanner", m.find("Friendly-Scanner"));
        assertEquals("sipvicious", m.find("\"SIPVicious\" <sip:100@example.com>;tag=1"));
        assertEquals("smap", m.find("xxsMAp"));
        assertEquals("sip-scan", m.find("sip-sip-scan"), "a failed partial match does not hide a later one");
        assertEquals("évil", m.find("ÉVIL phone"));
        assertNull(m.find("Yealink SIP-T46S 66.86.0.15"));
        assertNull(m.find("sma"));
        assertNull(m.find(""));
        assertNull(m.find(null));
        assertNull(new SignatureMatcher(List.of()).find("friendly-scanner"));
    }

    @Test
    void looksOnlyAtTheSessionNameOfTheSdp() {
        assertEquals("sipvicious", session("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=SIPvicious\r\nc=IN IP4 192.0.2.1\r\n"));
        assertEquals("smap", session("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=smap\n"), "bare LF line ends");
        assertNull(session("v=0\r\no=sipvicious 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"), "only s= counts");
        assertNull(session("v=0\r\na=xs=sipvicious\r\n"), "s= must start a line");
        assertNull(session(""));
        String late = "v=0\r\n" + "a=x\r\n".repeat(600) + "s=sipvicious\r\n";
        assertNull(m.findInSessionName(late.getBytes(StandardCharsets.ISO_8859_1), 2048), "beyond the scan limit");
        assertTrue(late.length() > 2048);
    }

    private String session(String sdp) {
        return m.findInSessionName(sdp.getBytes(StandardCharsets.ISO_8859_1), 2048);
    }
}
