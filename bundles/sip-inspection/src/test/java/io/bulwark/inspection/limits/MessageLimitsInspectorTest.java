package io.bulwark.inspection.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageLimitsInspectorTest {

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);

    private MessageLimitsInspector inspector() {
        return inspector(LimitsSettings.defaults());
    }

    private MessageLimitsInspector inspector(LimitsSettings s) {
        return new MessageLimitsInspector(s, state, clock);
    }

    private static LimitsSettings withBan(int violations) {
        return new LimitsSettings(true, 10, 10, 10, 1024, 100, true, true, violations, 60_000);
    }

    private static String list(String prefix, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(prefix).append(i);
        }
        return b.toString();
    }

    /** @return extra Via lines so that the request carries {@code total} Via entries in all */
    private static String[] vias(int total) {
        String[] lines = new String[total - 1];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "Via: SIP/2.0/UDP 198.51.100." + (i + 1) + ";branch=z9hG4bK-hop" + i;
        }
        return lines;
    }

    private static void assertRejected(int status, String reasonPart, Verdict v) {
        assertEquals(Verdict.Action.REJECT, v.action(), String.valueOf(v));
        assertEquals(status, v.status());
        assertEquals(EventKinds.SIP_NONCONFORMANT, v.finding().kind());
        assertEquals(Severity.LOW, v.finding().severity());
        assertTrue(v.finding().reason().contains(reasonPart), v.finding().reason());
    }

    @Test
    void anOrdinaryRequestWithoutUserAgentPasses() {
        SipMessage invite = Sip.parse("INVITE sip:100@192.0.2.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKok\r\nFrom: <sip:a@x>;tag=1\r\n"
                + "To: <sip:100@192.0.2.1>\r\nCall-ID: ok@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                + "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, PRACK, UPDATE\r\n"
                + "Supported: replaces, timer, 100rel\r\nContent-Type: application/sdp\r\nContent-Length: 22\r\n\r\n"
                + "v=0\r\ns=-\r\nt=0 0\r\nm=x\r\n");
        assertEquals(22, invite.body().length);
        assertTrue(inspector().onRequest(invite, Sip.from("198.51.100.7")).passes());
    }

    @Test
    void moreViaEntriesThanTheLimitAre400AndTheLimitItselfPasses() {
        assertTrue(inspector(withBan(5)).onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(10)),
                Sip.from("198.51.100.20")).passes());
        assertRejected(400, "too many Via entries: 11 (limit 10)", inspector(withBan(5)).onRequest(
                Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(11)), Sip.from("198.51.100.20")));
        // entries of a comma-separated list count one each, like separate lines
        assertRejected(400, "too many Via entries: 12 (limit 10)", inspector(withBan(5)).onRequest(Sip.request("OPTIONS",
                "sip:100@192.0.2.1", "Via: " + list("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK", 11)),
                Sip.from("198.51.100.20")));
    }

    @Test
    void tooManyRouteOrRecordRouteEntriesAre400() {
        MessageLimitsInspector s = inspector();
        assertTrue(s.onRequest(Sip.request("INVITE", "sip:100@192.0.2.1", "Route: " + list("<sip:p", 10)
                .replace(", ", ">, ") + ">"), Sip.from("198.51.100.21")).passes());
        Verdict route = s.onRequest(Sip.request("INVITE", "sip:100@192.0.2.1",
                "Route: " + list("<sip:p", 6).replace(", ", ">, ") + ">",
                "Route: " + list("<sip:q", 5).replace(", ", ">, ") + ">"), Sip.from("198.51.100.21"));
        assertRejected(400, "too many Route entries: 11 (limit 10)", route);
        assertEquals("sip:100@192.0.2.1", route.finding().target());
        assertRejected(400, "too many Record-Route entries: 13 (limit 10)", s.onRequest(Sip.request("INVITE",
                "sip:100@192.0.2.1", "Record-Route: " + list("<sip:r", 13).replace(", ", ";lr>, ") + ";lr>"),
                Sip.from("198.51.100.21")));
    }

    @Test
    void anOversizedHeaderValueIs513() {
        MessageLimitsInspector s = inspector();
        assertTrue(s.onRequest(Sip.request("MESSAGE", "sip:100@192.0.2.1", "Subject: " + "x".repeat(1024)),
                Sip.from("198.51.100.22")).passes());
        assertRejected(513, "header value too long: Subject of 1025 characters (limit 1024)", s.onRequest(
                Sip.request("MESSAGE", "sip:100@192.0.2.1", "Subject: " + "x".repeat(1025)),
                Sip.from("198.51.100.22")));
        assertRejected(513, "User-Agent of 3000 characters", s.onRequest(
                Sip.request("MESSAGE", "sip:100@192.0.2.1", "User-Agent: " + "y".repeat(3000)),
                Sip.from("198.51.100.22")));
    }

    @Test
    void tooManyHeaderValuesIs513() {
        MessageLimitsInspector s = inspector(new LimitsSettings(true, 10, 10, 10, 1024, 16, true, true, 5, 60_000));
        // Sip.request carries 7 values (Via, Max-Forwards, From, To, Call-ID, CSeq, Content-Length)
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", "Allow: " + list("M", 9)),
                Sip.from("198.51.100.23")).passes());
        assertRejected(513, "too many header values: 17 (limit 16)", s.onRequest(
                Sip.request("OPTIONS", "sip:100@192.0.2.1", "Allow: " + list("M", 5), "X-Pad: 1", "X-Pad: 2",
                        "X-Pad: 3", "X-Pad: 4", "X-Pad: 5"), Sip.from("198.51.100.23")));
    }

    @Test
    void aContentLengthThatDoesNotMatchTheBodyIs400() {
        SipMessage real = Sip.request("MESSAGE", "sip:100@192.0.2.1");
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        MessageLimitsInspector s = inspector();
        assertRejected(400, "Content-Length 9 does not match the body of 5 bytes",
                s.onRequest(new Doctored(real, body, "9"), Sip.from("198.51.100.24")));
        assertTrue(s.onRequest(new Doctored(real, body, " 5 "), Sip.from("198.51.100.24")).passes());
        // absent (allowed over UDP) and unreadable (the codec refuses it) are not this check's business
        assertTrue(s.onRequest(new Doctored(real, body, null), Sip.from("198.51.100.24")).passes());
        assertTrue(s.onRequest(new Doctored(real, body, "five"), Sip.from("198.51.100.24")).passes());
        assertTrue(s.onRequest(new Doctored(real, body, "99999999999999999999"), Sip.from("198.51.100.24")).passes());
        // and it can be switched off
        assertTrue(inspector(new LimitsSettings(true, 10, 10, 10, 1024, 100, false, true, 5, 60_000))
                .onRequest(new Doctored(real, body, "9"), Sip.from("198.51.100.24")).passes());
    }

    @Test
    void aSourceRepeatingViolationsIsBannedUntilTheWindowPasses() {
        MessageLimitsInspector s = inspector(withBan(5));
        for (int i = 0; i < 4; i++) {
            assertEquals(Verdict.Action.REJECT, s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(11)),
                    Sip.from("198.51.100.25")).action(), "violation " + i);
        }
        Verdict ban = s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(12)), Sip.from("198.51.100.25"));
        assertEquals(Verdict.Action.BAN, ban.action());
        assertEquals(EventKinds.SIP_MALFORMED, ban.finding().kind());
        assertEquals(Severity.MEDIUM, ban.finding().severity());
        assertTrue(ban.finding().reason().startsWith("5 nonconformant requests within 60 s (limit 5); last: too many "
                + "Via entries: 12 (limit 10)"), ban.finding().reason());
        // a conformant request from the banned source is banned too, until the window has passed
        clock.advance(Duration.ofSeconds(59));
        Verdict after = s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.25", 5099));
        assertEquals(Verdict.Action.BAN, after.action());
        assertEquals(EventKinds.SIP_MALFORMED, after.finding().kind());
        // another source is not affected
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.26")).passes());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1"), Sip.from("198.51.100.25")).passes());
        // and it starts counting afresh
        assertEquals(Verdict.Action.REJECT, s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(11)),
                Sip.from("198.51.100.25")).action());
    }

    @Test
    void retransmissionsOfOneRefusedRequestCountOnce() {
        MessageLimitsInspector s = inspector(withBan(3));
        SipMessage invite = Sip.request("INVITE", "sip:100@192.0.2.1", vias(11));
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.Action.REJECT, s.onRequest(invite, Sip.from("198.51.100.27")).action(), "copy " + i);
            clock.advance(Duration.ofMillis(500));
        }
        // the ACK of the refused INVITE shares its Call-ID, CSeq number and branch: not a new violation
        SipMessage ack = Sip.parse("ACK sip:100@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.9:5060;branch="
                + MessageLimitsInspector.branch(invite.header("Via")) + "\r\n"
                + String.join("\r\n", vias(11)).replace("hop", "ackhop") + "\r\nMax-Forwards: 70\r\n"
                + "From: " + invite.header("From") + "\r\nTo: <sip:100@192.0.2.1>;tag=bw1\r\nCall-ID: "
                + invite.callId() + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        assertEquals(Verdict.Action.REJECT, s.onRequest(ack, Sip.from("198.51.100.27")).action());
        // two fresh ones do make three
        assertEquals(Verdict.Action.REJECT, s.onRequest(Sip.request("INVITE", "sip:100@192.0.2.1", vias(11)),
                Sip.from("198.51.100.27")).action());
        assertEquals(Verdict.Action.BAN, s.onRequest(Sip.request("INVITE", "sip:100@192.0.2.1", vias(11)),
                Sip.from("198.51.100.27")).action());
    }

    @Test
    void violationsSpreadOverMoreThanTheWindowDoNotBan() {
        MessageLimitsInspector s = inspector(withBan(5));
        for (int i = 0; i < 12; i++) {
            assertEquals(Verdict.Action.REJECT, s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(11)),
                    Sip.from("198.51.100.28")).action(), "violation " + i);
            clock.advance(Duration.ofSeconds(16));
        }
    }

    @Test
    void zeroViolationsNeverBans() {
        MessageLimitsInspector s = inspector(withBan(0));
        for (int i = 0; i < 20; i++) {
            assertEquals(Verdict.Action.REJECT, s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(11)),
                    Sip.from("198.51.100.29")).action(), "violation " + i);
        }
    }

    @Test
    void aNonconformantResponseFromOutsideIsDropped() {
        SipMessage request = Sip.request("INVITE", "sip:200@203.0.113.50");
        String rr = "Record-Route: " + list("<sip:r", 11).replace(", ", ";lr>, ") + ";lr>";
        SipMessage response = Sip.parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKr\r\n" + rr
                + "\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:200@203.0.113.50>;tag=2\r\nCall-ID: r@x\r\nCSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
        MessageLimitsInspector s = inspector();
        Verdict v = s.onResponse(response, request, inside("192.0.2.10"));
        assertEquals(Verdict.Action.DROP, v.action());
        assertEquals(EventKinds.SIP_NONCONFORMANT, v.finding().kind());
        assertTrue(v.finding().reason().startsWith("response 200 to INVITE: too many Record-Route entries: 11"),
                v.finding().reason());
        // the same response going back outside came from the inside zone: not checked
        assertTrue(s.onResponse(response, request, Sip.from("198.51.100.30")).passes());
        // nor with responses switched off
        assertTrue(inspector(new LimitsSettings(true, 10, 10, 10, 1024, 100, true, false, 5, 60_000))
                .onResponse(response, request, inside("192.0.2.10")).passes());
        // a conformant one goes through
        SipMessage ok = Sip.parse("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKr\r\n"
                + "From: <sip:a@x>;tag=1\r\nTo: <sip:200@203.0.113.50>;tag=2\r\nCall-ID: r@x\r\nCSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(s.onResponse(ok, request, inside("192.0.2.10")).passes());
    }

    @Test
    void disabledPassesEverything() {
        MessageLimitsInspector s = inspector(new LimitsSettings(false, 10, 10, 10, 1024, 100, true, true, 1, 60_000));
        assertTrue(s.onRequest(Sip.request("OPTIONS", "sip:100@192.0.2.1", vias(30)), Sip.from("198.51.100.31"))
                .passes());
        SipMessage request = Sip.request("INVITE", "sip:200@203.0.113.50", vias(30));
        assertTrue(s.onResponse(request, request, inside("192.0.2.10")).passes());
    }

    @Test
    void theViaBranchIsReadTolerantly() {
        assertEquals("z9hG4bK1", MessageLimitsInspector.branch("SIP/2.0/UDP branchoffice.example;BRANCH = z9hG4bK1;rport"));
        assertEquals("", MessageLimitsInspector.branch("SIP/2.0/UDP host;branch"));
        assertEquals("", MessageLimitsInspector.branch("SIP/2.0/UDP host"));
        assertEquals("", MessageLimitsInspector.branch(null));
        assertEquals(-1, MessageLimitsInspector.contentLength("-1"));
        assertEquals(0, MessageLimitsInspector.contentLength("0"));
    }

    @Test
    void theDefaultsOfTheConfigurationAreValid() {
        assertEquals(LimitsSettings.defaults(), LimitsSettings.of(defaults(MessageLimitsInspector.Config.class)));
    }

    @Test
    void badSettingsNameTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LimitsSettings(true, 0, 10, 10, 1024, 100, true, true, 5, 60_000));
        assertTrue(e.getMessage().startsWith("via.max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LimitsSettings(true, 10, 10, 10, 20, 100, true, true, 5, 60_000));
        assertTrue(e.getMessage().startsWith("value.length.max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LimitsSettings(true, 10, 10, 10, 1024, 100, true, true, -1, 60_000));
        assertTrue(e.getMessage().startsWith("ban.violations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LimitsSettings(true, 10, 10, 10, 1024, 100, true, true, 5, 0));
        assertTrue(e.getMessage().startsWith("window.seconds"), e.getMessage());
        assertNull(state.get("limits.banned", "198.51.100.99", clock.millis()));
    }

    private static MessageContext inside(String address) {
        return new MessageContext(Zone.INSIDE, TransportProtocol.UDP, new InetSocketAddress(address, 5060),
                new InetSocketAddress("192.0.2.2", 5060), 0, null, System.nanoTime());
    }

    /** @return the configuration with every attribute at its declared default */
    static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
