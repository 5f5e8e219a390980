package io.bulwark.sipproxy.inspect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvidenceRedactorTest {

    @Test
    void digestSecretsUriPasswordsAndSdesKeysAreMaskedButTheUserStays() {
        String msg = "REGISTER sip:alice:hunter2@pbx.example SIP/2.0\r\n"
                + "Authorization: Digest username=\"1001\", realm=\"pbx\", nonce=\"abc123\", uri=\"sip:pbx\", "
                + "response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", nc=00000001, qop=auth\r\n"
                + "Proxy-Authorization: Digest username=\"1001\",response=deadbeef\r\n"
                + "\r\nv=0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n";
        String r = EvidenceRedactor.redact(msg);
        for (String secret : new String[] {"hunter2", "abc123", "6629fae4", "0a4f113b", "deadbeef", "PS1uQCVee"}) {
            assertFalse(r.contains(secret), secret + " left in:\n" + r);
        }
        assertTrue(r.contains("username=\"1001\""), r);
        assertTrue(r.contains("sip:alice:***@pbx.example"), r);
    }

    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertTrue(EvidenceRedactor.redact("OPTIONS\u0000\u001b[2J sip:x SIP/2.0\r\n").startsWith("OPTIONS??[2J"));
    }
}
