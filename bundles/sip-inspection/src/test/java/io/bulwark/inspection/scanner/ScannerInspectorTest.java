package io.bulwark.inspection.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerInspectorTest {

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);

    private ScannerInspector inspector(int sweep, int run, int probes) {
        return new ScannerInspector(new ScannerSettings(true, ScannerSettings.parseSignatures("friendly-scanner, SIPVicious"),
                sweep, run, probes, 60_000), state, clock);
    }

    @Test
    void aToolSignatureInUserAgentBansAtOnce() {
        Verdict v = inspector(10, 5, 30).onRequest(
                Sip.request("OPTIONS", "sip:100@192.0.2.1", "User-Agent: friendly-scanner"), Sip.from("198.51.100.7"));
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals(EventKinds.SIP_SCANNER, v.finding().kind());
        assertTrue(v.finding().reason().contains("friendly-scanner"), v.finding().reason());
    }

    @Test
    void aSignatureInTheSdpSessionNameIsFound() {
        String invite = "INVITE sip:100@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKsdp\r\n"
                + "From: <sip:a@x>;tag=1\r\nTo: <sip:100@192.0.2.1>\r\nCall-ID: sdp@x\r\nCSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: 47\r\n\r\n"
                + "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=SIPvicious\r\nt=0 0\r\n";
        Verdict v = inspector(10, 5, 30).onRequest(Sip.parse(invite), Sip.from("198.51.100.7"));
        assertEquals(Verdict.Action.BAN, v.action(), String.valueOf(v));
    }

    @Test
    void aDeskPhoneUserAgentSweepingUsersIsCaughtByBehaviour() {
        ScannerInspector s = inspector(10, 50, 1000);
        int[] targets = {100, 205, 317, 402, 518, 623, 777, 801, 932};
        for (int t : targets) {
            assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:" + t + "@192.0.2.1", "User-Agent: Yealink SIP-T46S"),
                    Sip.from("198.51.100.8")).passes());
        }
        Verdict v = s.onRequest(Sip.request("OPTIONS", "sip:1000@192.0.2.1", "User-Agent: Yealink SIP-T46S"),
                Sip.from("198.51.100.8"));
        assertEquals(Verdict.Action.BAN, v.action());
        assertTrue(v.finding().reason().contains("10 distinct users"), v.finding().reason());
        // and what follows from it is dropped until the kernel ban takes over
        assertEquals(Verdict.Action.BAN, s.onRequest(Sip.request("INVITE", "sip:1@192.0.2.1"),
                Sip.from("198.51.100.8")).action());
        // another source is not affected
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.9")).passes());
    }

    @Test
    void aSweepSpreadOverMoreThanTheWindowIsNotOne() {
        ScannerInspector s = inspector(5, 50, 1000);
        for (int t = 0; t < 12; t++) {
            assertTrue(s.onRequest(Sip.request("REGISTER", "sip:" + (t * 7 + 100) + "@192.0.2.1"),
                    Sip.from("198.51.100.10")).passes(), "target " + t);
            clock.advance(Duration.ofSeconds(16));
        }
    }

    @Test
    void consecutiveExtensionsMakeASequentialScanWhateverTheMethod() {
        ScannerInspector s = inspector(1000, 5, 1000);
        for (int ext = 200; ext < 204; ext++) {
            assertTrue(s.onRequest(Sip.request("INVITE", "sip:" + ext + "@192.0.2.1"), Sip.from("198.51.100.11")).passes());
            // a retransmission of the same extension neither breaks nor extends the run
            assertTrue(s.onRequest(Sip.request("INVITE", "sip:" + ext + "@192.0.2.1"), Sip.from("198.51.100.11")).passes());
        }
        Verdict v = s.onRequest(Sip.request("INVITE", "sip:204@192.0.2.1"), Sip.from("198.51.100.11"));
        assertEquals(Verdict.Action.BAN, v.action());
        assertTrue(v.finding().reason().contains("5 consecutive"), v.finding().reason());
    }

    @Test
    void aBrokenRunStartsAgain() {
        ScannerInspector s = inspector(1000, 4, 1000);
        for (String ext : List.of("300", "301", "302", "500", "501", "502")) {
            assertTrue(s.onRequest(Sip.request("INVITE", "sip:" + ext + "@192.0.2.1"), Sip.from("198.51.100.12")).passes(),
                    ext);
        }
    }

    @Test
    void unauthenticatedProbingWithoutEverCredentialsIsCaught() {
        ScannerInspector s = inspector(1000, 1000, 5);
        for (int i = 0; i < 4; i++) {
            assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.13")).passes());
        }
        assertEquals(Verdict.Action.BAN,
                s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.13")).action());
    }

    @Test
    void aPhoneThatAnswersItsChallengesIsNotAProbe() {
        ScannerInspector s = inspector(1000, 1000, 5);
        for (int i = 0; i < 20; i++) {
            assertTrue(s.onRequest(Sip.request("REGISTER", "sip:192.0.2.1"), Sip.from("198.51.100.14")).passes());
            assertTrue(s.onRequest(Sip.request("REGISTER", "sip:192.0.2.1",
                    "Authorization: Digest username=\"1001\", realm=\"pbx\", nonce=\"n\", uri=\"sip:192.0.2.1\", "
                            + "response=\"0123456789abcdef0123456789abcdef\""), Sip.from("198.51.100.14")).passes(), "round " + i);
        }
    }

    @Test
    void disabledPassesEverything() {
        ScannerInspector s = new ScannerInspector(new ScannerSettings(false, List.of("friendly-scanner"), 10, 5, 30,
                60_000), state, clock);
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@x", "User-Agent: friendly-scanner"),
                Sip.from("198.51.100.15")).passes());
    }

    @Test
    void badSettingsNameTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScannerSettings(true, List.of(), 1, 5, 30, 60_000));
        assertTrue(e.getMessage().startsWith("sweep.targets"), e.getMessage());
        assertNull(ScannerInspector.signature(Sip.request("OPTIONS", "sip:1@x"), new ScannerSettings(true, List.of(), 2, 5,
                30, 60_000)));
    }
}
