package io.bulwark.inspection.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordGuessingInspectorTest {

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);

    private PasswordGuessingInspector inspector() {
        return new PasswordGuessingInspector(PasswordGuessingSettings.defaults(), state, clock);
    }

    private PasswordGuessingInspector inspector(int sourceFailures, int userSources, int userFailures) {
        return new PasswordGuessingInspector(new PasswordGuessingSettings(true, Set.of(Zone.OUTSIDE),
                Set.of(401, 403, 407), 60_000, sourceFailures, userSources, userFailures), state, clock);
    }

    private static String credentials(String header, String user) {
        return header + ": Digest username=\"" + user + "\", realm=\"pbx\", nonce=\"abc\", uri=\"sip:pbx.example.com\", "
                + "response=\"0123456789abcdef0123456789abcdef\"";
    }

    /** @return a REGISTER for the user with digest credentials, a new transaction each time */
    private static SipMessage attempt(String user) {
        return Sip.request("REGISTER", "sip:" + user + "@pbx.example.com", credentials("Authorization", user));
    }

    private static SipMessage respond(SipMessage request, int status, String... extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(" Whatever\r\n")
                .append("Via: ").append(request.header("Via")).append("\r\n")
                .append("From: ").append(request.header("From")).append("\r\n")
                .append("To: ").append(request.header("To")).append(";tag=uas\r\n")
                .append("Call-ID: ").append(request.callId()).append("\r\n")
                .append("CSeq: ").append(request.cseq()).append(' ').append(request.method()).append("\r\n");
        for (String h : extra) {
            b.append(h).append("\r\n");
        }
        return Sip.parse(b.append("Content-Length: 0\r\n\r\n").toString());
    }

    private static Verdict answered(PasswordGuessingInspector p, SipMessage request, int status, MessageContext from) {
        return p.onResponse(respond(request, status, "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"def\""), request,
                from);
    }

    @Test
    void oneSourceOverItsLimitOfFailuresIsBanned() {
        PasswordGuessingInspector p = inspector();
        MessageContext from = Sip.from("198.51.100.20");
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, from), "failure " + i);
        }
        Verdict v = answered(p, attempt("1001"), 401, from);
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals(EventKinds.SIP_BRUTE_FORCE, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("1001", v.finding().target());
        assertEquals("11 failed authentications within 60 s (limit 10)", v.finding().reason());
        // its further requests are banned too; another source is not affected
        Verdict next = p.onRequest(Sip.request("INVITE", "sip:2000@pbx.example.com"), from);
        assertEquals(Verdict.Action.BAN, next.action());
        assertEquals(EventKinds.SIP_BRUTE_FORCE, next.finding().kind());
        assertEquals("known password guesser: 11 failed authentications within 60 s (limit 10)",
                next.finding().reason());
        assertTrue(p.onRequest(attempt("1001"), Sip.from("198.51.100.21")).passes());
        // until the window has passed
        clock.advance(Duration.ofSeconds(61));
        assertTrue(p.onRequest(attempt("1001"), from).passes());
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowAreNotAnAttack() {
        PasswordGuessingInspector p = inspector();
        MessageContext from = Sip.from("198.51.100.22");
        for (int i = 0; i < 50; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 403, from), "failure " + i);
            clock.advance(Duration.ofSeconds(7)); // 9 per window
        }
    }

    @Test
    void everyFailureStatusCountsWhateverTheMethod() {
        PasswordGuessingInspector p = inspector(3, 100, 100);
        MessageContext from = Sip.from("198.51.100.23");
        assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, from));
        SipMessage invite = Sip.request("INVITE", "sip:0044123@pbx.example.com", credentials("Proxy-Authorization",
                "1001"));
        assertEquals(Verdict.PASS, p.onResponse(respond(invite, 407, "Proxy-Authenticate: Digest realm=\"pbx\", "
                + "nonce=\"n2\""), invite, from));
        assertEquals(Verdict.PASS, answered(p, attempt("1001"), 403, from));
        Verdict v = answered(p, attempt("1002"), 401, from);
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals("1002", v.finding().target());
    }

    @Test
    void aRetransmittedFinalCountsOnce() {
        PasswordGuessingInspector p = inspector();
        MessageContext from = Sip.from("198.51.100.24");
        for (int i = 0; i < 10; i++) {
            SipMessage request = attempt("1001");
            assertEquals(Verdict.PASS, answered(p, request, 401, from));
            assertEquals(Verdict.PASS, answered(p, request, 401, from), "retransmission " + i);
        }
    }

    @Test
    void challengesToRequestsWithoutCredentialsAreNotFailures() {
        PasswordGuessingInspector p = inspector();
        MessageContext from = Sip.from("198.51.100.25");
        for (int i = 0; i < 50; i++) {
            assertEquals(Verdict.PASS, answered(p, Sip.request("REGISTER", "sip:1001@pbx.example.com"), 401, from));
        }
    }

    @Test
    void aStaleNonceIsNotAFailure() {
        PasswordGuessingInspector p = inspector(2, 100, 100);
        MessageContext from = Sip.from("198.51.100.26");
        for (int i = 0; i < 10; i++) {
            SipMessage request = attempt("1001");
            String challenge = i % 2 == 0 ? "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"n" + i + "\", stale=true"
                    : "WWW-Authenticate: Digest realm=\"pbx\", stale = \"TRUE\", nonce=\"n" + i + "\"";
            assertEquals(Verdict.PASS, p.onResponse(respond(request, 401, challenge), request, from));
        }
        assertFalse(PasswordGuessingInspector.stale(respond(attempt("1"), 401,
                "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"x\", stale=false")));
    }

    @Test
    void otherAnswersAreNotFailures() {
        PasswordGuessingInspector p = inspector(2, 2, 2);
        MessageContext from = Sip.from("198.51.100.27");
        for (int status : new int[] {100, 180, 200, 202, 302, 404, 480, 486, 488, 500, 503, 603}) {
            for (int i = 0; i < 5; i++) {
                assertEquals(Verdict.PASS, answered(p, attempt("1001"), status, from), "status " + status);
            }
        }
    }

    @Test
    void aSuccessDoesNotEraseFailures() {
        PasswordGuessingInspector p = inspector();
        MessageContext from = Sip.from("198.51.100.28");
        for (int i = 0; i < 6; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, from));
        }
        assertEquals(Verdict.PASS, answered(p, attempt("1002"), 200, from)); // an account the tool knows
        for (int i = 0; i < 4; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, from));
        }
        assertEquals(Verdict.Action.BAN, answered(p, attempt("1001"), 401, from).action());
    }

    @Test
    void oneUserFailingFromManySourcesRaisesOneAlertAndBlocksNobody() {
        PasswordGuessingInspector p = inspector();
        for (int src = 1; src <= 5; src++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, Sip.from("203.0.113." + src)), "source " + src);
        }
        Verdict v = answered(p, attempt("1001"), 401, Sip.from("203.0.113.6"));
        assertEquals(Verdict.Action.PASS, v.action());
        assertEquals(EventKinds.SIP_BRUTE_FORCE_USER, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("1001", v.finding().target());
        assertEquals("failed authentications as one user from 6 sources within 60 s (limit 5), 6 failures in all",
                v.finding().reason());
        // once per window
        assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, Sip.from("203.0.113.7")));
        // nobody is banned, the user's own phone least of all; another user is not affected
        for (int src = 1; src <= 7; src++) {
            assertEquals(Verdict.PASS, p.onRequest(attempt("1001"), Sip.from("203.0.113." + src)));
        }
        assertEquals(Verdict.PASS, answered(p, attempt("1002"), 401, Sip.from("203.0.113.8")));
        // the attack goes on after the window: alerted again
        clock.advance(Duration.ofSeconds(61));
        for (int src = 10; src < 15; src++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, Sip.from("203.0.113." + src)));
        }
        assertEquals(EventKinds.SIP_BRUTE_FORCE_USER,
                answered(p, attempt("1001"), 401, Sip.from("203.0.113.15")).finding().kind());
    }

    @Test
    void manyFailuresAsOneUserFromFewSourcesRaiseAnAlert() {
        PasswordGuessingInspector p = inspector();
        int failures = 0;
        for (int round = 0; round < 8; round++) {
            for (int src = 1; src <= 4; src++) { // 8 each, under the source limit; 4 sources, under that limit
                failures++;
                Verdict v = answered(p, attempt("1001"), 401, Sip.from("192.0.2." + (100 + src)));
                if (failures <= 30) {
                    assertEquals(Verdict.PASS, v, "failure " + failures);
                } else if (failures == 31) {
                    assertEquals(Verdict.Action.PASS, v.action());
                    assertEquals("31 failed authentications as one user within 60 s (limit 30) from 4 sources",
                            v.finding().reason());
                } else {
                    assertNull(v.finding(), "alerted once");
                }
            }
        }
    }

    @Test
    void theUserIsTheToUserWhenTheCredentialsNameNone() {
        PasswordGuessingInspector p = inspector(2, 100, 100);
        MessageContext from = Sip.from("198.51.100.29");
        Verdict v = null;
        for (int i = 0; i < 3; i++) {
            SipMessage r = Sip.request("REGISTER", "sip:4242@pbx.example.com", "Authorization: Digest realm=\"pbx\", "
                    + "nonce=\"x\", response=\"0\"");
            v = answered(p, r, 401, from);
        }
        assertEquals(Verdict.Action.BAN, v.action());
        assertEquals("4242", v.finding().target());
        // and nothing unreadable throws
        SipMessage odd = Sip.request("REGISTER", "sip:pbx.example.com", "Authorization: Digest username=");
        assertEquals(Verdict.Action.BAN, answered(p, odd, 401, from).action());
    }

    @Test
    void theInsideZoneIsNotWatchedByDefault() {
        PasswordGuessingInspector p = inspector(2, 2, 2);
        MessageContext pbx = new MessageContext(Zone.INSIDE, TransportProtocol.UDP,
                new InetSocketAddress("10.0.0.5", 5060), new InetSocketAddress("10.0.0.1", 5060), 0, null, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("trunk-account"), 403, pbx));
        }
        assertEquals(Verdict.PASS, p.onRequest(attempt("trunk-account"), pbx));
    }

    @Test
    void disabledPassesEverything() {
        PasswordGuessingInspector p = new PasswordGuessingInspector(new PasswordGuessingSettings(false,
                Set.of(Zone.OUTSIDE), Set.of(401), 60_000, 2, 2, 2), state, clock);
        MessageContext from = Sip.from("198.51.100.30");
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.PASS, answered(p, attempt("1001"), 401, from));
        }
        assertEquals(Verdict.PASS, p.onRequest(attempt("1001"), from));
    }

    @Test
    void theDefaultsAreTheConfigurationDefaults() {
        PasswordGuessingInspector.Config c = (PasswordGuessingInspector.Config) Proxy.newProxyInstance(
                PasswordGuessingInspector.Config.class.getClassLoader(),
                new Class<?>[] {PasswordGuessingInspector.Config.class}, (proxy, m, args) -> m.getDefaultValue());
        assertEquals(PasswordGuessingSettings.defaults(), PasswordGuessingSettings.of(c));
    }

    @Test
    void badSettingsNameTheirKey() {
        Set<Zone> out = Set.of(Zone.OUTSIDE);
        Set<Integer> st = Set.of(401);
        assertKey("source.failures", () -> new PasswordGuessingSettings(true, out, st, 60_000, 1, 5, 30));
        assertKey("user.sources", () -> new PasswordGuessingSettings(true, out, st, 60_000, 10, 1, 30));
        assertKey("user.failures", () -> new PasswordGuessingSettings(true, out, st, 60_000, 10, 5, 0));
        assertKey("window.seconds", () -> new PasswordGuessingSettings(true, out, st, 999, 10, 5, 30));
        assertKey("zones", () -> new PasswordGuessingSettings(true, Set.of(), st, 60_000, 10, 5, 30));
        assertKey("failure.statuses", () -> new PasswordGuessingSettings(true, out, Set.of(), 60_000, 10, 5, 30));
        assertKey("failure.statuses", () -> new PasswordGuessingSettings(true, out, Set.of(200), 60_000, 10, 5, 30));
    }

    private static void assertKey(String key, org.junit.jupiter.api.function.Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }
}
