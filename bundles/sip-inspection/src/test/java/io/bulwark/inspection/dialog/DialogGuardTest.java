package io.bulwark.inspection.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.ConfigLists;
import io.bulwark.inspection.common.SourceMatch;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DialogGuardTest {

    private static final String CALL = "a84b4c76e66710@trunk.example.net";
    private static final String CALLER = "1928301774";
    private static final String CALLEE = "bw-314159";
    private static final String PEER = "203.0.113.5";
    private static final String ALL = "BYE,CANCEL,INVITE,UPDATE,REFER,NOTIFY,INFO,PRACK,MESSAGE";
    private static final String ORPHANS = "BYE,INVITE,UPDATE,PRACK,INFO";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);
    private final MemoryDialogs dialogs = new MemoryDialogs();

    private static DialogSettings settings(String methods, SourceMatch match, boolean port, boolean transport) {
        return new DialogSettings(true, Set.of(Zone.OUTSIDE), ConfigLists.methods("methods", methods),
                ConfigLists.methods("orphan.methods", ORPHANS), match, port, transport, 60_000);
    }

    private DialogGuard guard(DialogSettings s) {
        return new DialogGuard(s, state, dialogs, clock);
    }

    private DialogGuard guard() {
        return guard(settings(ALL, SourceMatch.ADDRESS, false, true));
    }

    /** A call from the trunk at 203.0.113.5:5060, answered by the PBX. */
    private void confirmedCall(TransportProtocol transport) {
        dialogs.put(new DialogInfo(CALL, Zone.OUTSIDE, CALLER, CALLEE, new InetSocketAddress(PEER, 5060), transport,
                "CONFIRMED", clock.instant()));
    }

    /** @return a request with these tags (a null To tag leaves it out) */
    private static SipMessage request(String method, String callId, String fromTag, String toTag, long cseq) {
        int n = SEQ.incrementAndGet();
        String text = method + " sip:bw-token1@192.0.2.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + PEER + ":5060;branch=z9hG4bK-dlg" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15551234567@trunk.example.net>" + (fromTag == null ? "" : ";tag=" + fromTag) + "\r\n"
                + "To: <sip:1001@192.0.2.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return Sip.parse(text);
    }

    private static SipMessage bye(String fromTag, String toTag, long cseq) {
        return request("BYE", CALL, fromTag, toTag, cseq);
    }

    private static MessageContext over(TransportProtocol p, String address, int port, String identity) {
        return new MessageContext(Zone.OUTSIDE, p, new InetSocketAddress(address, port),
                new InetSocketAddress("192.0.2.1", p.defaultPort()), p == TransportProtocol.UDP ? 0 : 3, identity,
                System.nanoTime());
    }

    @Test
    void aForgedByeFromANonPartyIsRefusedAndTheCallStaysUp() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        Verdict v = g.onRequest(bye(CALLER, CALLEE, 2), Sip.from("198.51.100.66"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(403, v.status());
        assertEquals(EventKinds.SIP_DIALOG_FORGERY, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals(CALL, v.finding().target());
        assertEquals("forged BYE from a non-party: 198.51.100.66:5060 over UDP, the call's peer is "
                + "203.0.113.5:5060 over UDP (another address)", v.finding().reason());
        // the PBX never saw it: the call is still there, and its real party ends it
        assertNotNull(dialogs.find(CALL));
        assertTrue(g.onRequest(bye(CALLER, CALLEE, 2), Sip.from(PEER)).passes());
    }

    @Test
    void eitherPartyMaySendInTheDialog() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        // the callee side of the outside leg sends with the tags the other way round
        Verdict v = g.onRequest(bye(CALLEE, CALLER, 1), Sip.from(PEER));
        assertTrue(v.passes());
        assertEquals(null, v.finding());
        assertTrue(g.onRequest(request("REFER", CALL, CALLER, CALLEE, 3), Sip.from(PEER)).passes());
        // re-INVITE and REFER from a non-party are forgeries like the BYE
        assertEquals(403, g.onRequest(request("INVITE", CALL, CALLER, CALLEE, 4), Sip.from("198.51.100.66")).status());
        assertEquals(403, g.onRequest(request("REFER", CALL, CALLER, CALLEE, 4), Sip.from("198.51.100.66")).status());
    }

    @Test
    void anInDialogRequestForNoCallIsAnswered481() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        Verdict v = g.onRequest(request("BYE", "guessed@trunk.example.net", CALLER, CALLEE, 2), Sip.from(PEER));
        assertEquals(481, v.status());
        assertEquals(Severity.LOW, v.finding().severity());
        assertEquals("BYE in no dialog: its Call-ID matches none of the 1 active calls", v.finding().reason());
        // NOTIFY may belong to a subscription the proxy does not track: the PBX answers it
        assertTrue(g.onRequest(request("NOTIFY", "subscription@pbx", "a", "b", 2), Sip.from(PEER)).passes());
        // requests outside a dialog are not this guard's business
        assertTrue(g.onRequest(request("INVITE", "new-call@trunk", "c", null, 1), Sip.from(PEER)).passes());
        assertTrue(g.onRequest(request("MESSAGE", "page@trunk", "c", null, 1), Sip.from("198.51.100.66")).passes());
        // an ended call is no call
        dialogs.put(new DialogInfo(CALL, Zone.OUTSIDE, CALLER, CALLEE, new InetSocketAddress(PEER, 5060),
                TransportProtocol.UDP, "TERMINATED", clock.instant()));
        assertEquals(481, g.onRequest(bye(CALLER, CALLEE, 3), Sip.from(PEER)).status());
    }

    @Test
    void tagsThatAreNotTheDialogsAreAnswered481() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        Verdict v = g.onRequest(bye(CALLER, "guessed", 2), Sip.from(PEER));
        assertEquals(481, v.status());
        assertEquals(Severity.MEDIUM, v.finding().severity());
        assertEquals("BYE with tags (from '" + CALLER + "', to 'guessed') that are not the dialog's",
                v.finding().reason());
        assertEquals(481, g.onRequest(bye(CALLEE, CALLEE, 2), Sip.from(PEER)).status());
        assertEquals(481, g.onRequest(request("UPDATE", CALL, null, CALLEE, 2), Sip.from(PEER)).status());
    }

    @Test
    void anEarlyDialogKnowsOnlyTheCallersTag() {
        DialogGuard g = guard();
        dialogs.put(new DialogInfo(CALL, Zone.OUTSIDE, CALLER, null, new InetSocketAddress(PEER, 5060),
                TransportProtocol.UDP, "EARLY", clock.instant()));
        assertTrue(g.onRequest(request("PRACK", CALL, CALLER, "any-provisional-tag", 2), Sip.from(PEER)).passes());
        assertTrue(g.onRequest(request("UPDATE", CALL, "callee-side", CALLER, 1), Sip.from(PEER)).passes());
        assertEquals(481, g.onRequest(request("UPDATE", CALL, "x", "y", 3), Sip.from(PEER)).status());
    }

    @Test
    void thePortMattersOnlyWhenConfigured() {
        confirmedCall(TransportProtocol.UDP);
        // a NATed peer coming back from another port is still the peer
        assertTrue(guard().onRequest(bye(CALLER, CALLEE, 2), Sip.from(PEER, 40000)).passes());
        Verdict v = guard(settings(ALL, SourceMatch.ADDRESS, true, true)).onRequest(bye(CALLER, CALLEE, 3),
                Sip.from(PEER, 40000));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().endsWith("(another port)"), v.finding().reason());
    }

    @Test
    void anotherTransportIsAnotherPartyUnlessConfiguredOtherwise() {
        confirmedCall(TransportProtocol.UDP);
        Verdict v = guard().onRequest(bye(CALLER, CALLEE, 2), over(TransportProtocol.TCP, PEER, 5060, null));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().contains("203.0.113.5:5060 over TCP, the call's peer is 203.0.113.5:5060 "
                + "over UDP (another transport)"), v.finding().reason());
        assertTrue(guard(settings(ALL, SourceMatch.ADDRESS, false, false))
                .onRequest(bye(CALLER, CALLEE, 2), over(TransportProtocol.TCP, PEER, 5060, null)).passes());
        Verdict both = guard(settings(ALL, SourceMatch.ADDRESS, true, true))
                .onRequest(bye(CALLER, CALLEE, 2), over(TransportProtocol.TCP, "198.51.100.66", 5061, null));
        assertTrue(both.finding().reason().endsWith("(another address, another port, another transport)"),
                both.finding().reason());
    }

    @Test
    void prefixMatchingAcceptsTheTrunksNetwork() {
        confirmedCall(TransportProtocol.UDP);
        DialogGuard byNetwork = guard(settings(ALL, SourceMatch.PREFIX, false, true));
        assertTrue(byNetwork.onRequest(bye(CALLER, CALLEE, 2), Sip.from("203.0.113.6")).passes());
        Verdict v = byNetwork.onRequest(bye(CALLER, CALLEE, 2), Sip.from("203.0.114.5"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().endsWith("(another network)"), v.finding().reason());
        assertEquals(403, guard().onRequest(bye(CALLER, CALLEE, 2), Sip.from("203.0.113.6")).status());
    }

    @Test
    void aCallSetUpOverTlsTakesOnlyItsOwnCertificate() {
        DialogGuard g = guard();
        MessageContext trunk = over(TransportProtocol.TLS, PEER, 5061, "CN=sbc.trunk.example.net");
        // the initial INVITE: the proxy creates the dialog after the inspectors let it through
        assertTrue(g.onRequest(request("INVITE", CALL, CALLER, null, 1), trunk).passes());
        dialogs.put(new DialogInfo(CALL, Zone.OUTSIDE, CALLER, CALLEE, new InetSocketAddress(PEER, 5061),
                TransportProtocol.TLS, "CONFIRMED", clock.instant()));
        // an INVITE reusing the Call-ID cannot claim the call for another certificate
        MessageContext mallory = over(TransportProtocol.TLS, PEER, 5061, "CN=mallory");
        assertTrue(g.onRequest(request("INVITE", CALL, "m", null, 1), mallory).passes());
        Verdict v = g.onRequest(bye(CALLER, CALLEE, 2), mallory);
        assertEquals(403, v.status());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals("forged BYE from a non-party: TLS identity 'CN=mallory', the call's peer is "
                + "'CN=sbc.trunk.example.net'", v.finding().reason());
        assertEquals(403, g.onRequest(bye(CALLER, CALLEE, 2), over(TransportProtocol.TLS, PEER, 5061, null)).status());
        assertTrue(g.onRequest(bye(CALLER, CALLEE, 2), trunk).passes());
    }

    @Test
    void aCallThePbxPlacedLearnsThePeersCertificateFromItsFirstRequest() {
        DialogGuard g = guard();
        dialogs.put(new DialogInfo(CALL, Zone.INSIDE, CALLEE, CALLER, new InetSocketAddress(PEER, 5061),
                TransportProtocol.TLS, "CONFIRMED", clock.instant()));
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 1),
                over(TransportProtocol.TLS, PEER, 5061, "CN=carrier")).passes());
        assertEquals(403, g.onRequest(request("INFO", CALL, CALLER, CALLEE, 2),
                over(TransportProtocol.TLS, PEER, 5061, "CN=other")).status());
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 2),
                over(TransportProtocol.TLS, PEER, 5061, "CN=carrier")).passes());
    }

    @Test
    void aCSeqBelowOneThePartyAlreadySentIsAnswered500() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        MessageContext peer = Sip.from(PEER);
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 5), peer).passes());
        // the same CSeq again is a retransmission
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 5), peer).passes());
        Verdict v = g.onRequest(request("INFO", CALL, CALLER, CALLEE, 4), peer);
        assertEquals(500, v.status());
        assertEquals(Severity.LOW, v.finding().severity());
        assertEquals("CSeq 4 of INFO is below 5, which this party already sent in the dialog (RFC 3261 12.2.2)",
                v.finding().reason());
        // the other party counts on its own
        assertTrue(g.onRequest(request("INFO", CALL, CALLEE, CALLER, 1), peer).passes());
        // a refused forgery does not raise the bar for the real party
        assertEquals(403, g.onRequest(request("INFO", CALL, CALLER, CALLEE, 1_000_000), Sip.from("198.51.100.66"))
                .status());
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 6), peer).passes());
        // ACK and CANCEL reuse their INVITE's number
        DialogGuard withAck = guard(settings(ALL + ",ACK", SourceMatch.ADDRESS, false, true));
        assertTrue(withAck.onRequest(request("ACK", CALL, CALLER, CALLEE, 1), peer).passes());
    }

    @Test
    void theCSeqIsRememberedForTheMemoryWindowAfterTheLastRequest() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        MessageContext peer = Sip.from(PEER);
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 7), peer).passes());
        clock.advance(Duration.ofSeconds(59));
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 8), peer).passes());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(500, g.onRequest(request("INFO", CALL, CALLER, CALLEE, 3), peer).status());
        clock.advance(Duration.ofSeconds(61));
        assertTrue(g.onRequest(request("INFO", CALL, CALLER, CALLEE, 3), peer).passes());
    }

    @Test
    void cancelIsMatchedByCallIdAlone() {
        DialogGuard g = guard();
        dialogs.put(new DialogInfo(CALL, Zone.OUTSIDE, CALLER, null, new InetSocketAddress(PEER, 5060),
                TransportProtocol.UDP, "EARLY", clock.instant()));
        Verdict v = g.onRequest(request("CANCEL", CALL, CALLER, null, 1), Sip.from("198.51.100.66"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().startsWith("forged CANCEL from a non-party"), v.finding().reason());
        assertEquals(481, g.onRequest(request("CANCEL", CALL, "not-the-caller", null, 1), Sip.from(PEER)).status());
        assertTrue(g.onRequest(request("CANCEL", CALL, CALLER, null, 1), Sip.from(PEER)).passes());
        // a CANCEL for no call is the proxy's to answer (481, no transaction)
        assertTrue(g.onRequest(request("CANCEL", "nothing@x", CALLER, null, 1), Sip.from("198.51.100.66")).passes());
    }

    @Test
    void thePbxSideAndMethodsOutsideTheListPass() {
        DialogGuard g = guard();
        confirmedCall(TransportProtocol.UDP);
        MessageContext pbx = new MessageContext(Zone.INSIDE, TransportProtocol.UDP, new InetSocketAddress("10.0.0.5",
                5060), new InetSocketAddress("10.0.0.1", 5060), 0, null, 0);
        assertTrue(g.onRequest(bye(CALLEE, CALLER, 9), pbx).passes());
        assertTrue(g.onRequest(bye(CALLEE, CALLER, 9), new MessageContext(null, null, null, null, 0, null, 0))
                .passes());
        assertTrue(g.onRequest(request("OPTIONS", CALL, CALLER, CALLEE, 9), Sip.from("198.51.100.66")).passes());
        DialogGuard byeOnly = guard(settings("BYE", SourceMatch.ADDRESS, false, true));
        assertTrue(byeOnly.onRequest(request("INFO", CALL, CALLER, CALLEE, 9), Sip.from("198.51.100.66")).passes());
        assertEquals(403, byeOnly.onRequest(bye(CALLER, CALLEE, 9), Sip.from("198.51.100.66")).status());
    }

    @Test
    void withoutTheDialogRegistryEverythingPasses() {
        confirmedCall(TransportProtocol.UDP);
        DialogGuard g = new DialogGuard(settings(ALL, SourceMatch.ADDRESS, false, true), state, null, clock);
        assertTrue(g.onRequest(bye(CALLER, CALLEE, 2), Sip.from("198.51.100.66")).passes());
        assertTrue(g.onRequest(request("BYE", "unknown@x", "a", "b", 2), Sip.from("198.51.100.66")).passes());
    }

    @Test
    void disabledPassesEverything() {
        confirmedCall(TransportProtocol.UDP);
        DialogGuard g = guard(new DialogSettings(false, Set.of(Zone.OUTSIDE), Set.of("BYE"), Set.of("BYE"),
                SourceMatch.ADDRESS, false, true, 60_000));
        assertTrue(g.onRequest(bye(CALLER, CALLEE, 2), Sip.from("198.51.100.66")).passes());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertKey("zones", () -> new DialogSettings(true, Set.of(), Set.of("BYE"), Set.of(), SourceMatch.ADDRESS,
                false, true, 60_000));
        assertKey("methods", () -> new DialogSettings(true, Set.of(Zone.OUTSIDE), Set.of(), Set.of(),
                SourceMatch.ADDRESS, false, true, 60_000));
        assertKey("memory.seconds", () -> new DialogSettings(true, Set.of(Zone.OUTSIDE), Set.of("BYE"), Set.of(),
                SourceMatch.ADDRESS, false, true, 59_000));
        assertKey("match", () -> SourceMatch.fromConfig("match", "port"));
        assertKey("orphan.methods", () -> ConfigLists.methods("orphan.methods", "BYE, B@E"));
        // an empty orphan list switches the 481 for unknown calls off
        DialogGuard g = guard(new DialogSettings(true, Set.of(Zone.OUTSIDE), Set.of("BYE"), Set.of(),
                SourceMatch.ADDRESS, false, true, 60_000));
        assertTrue(g.onRequest(request("BYE", "unknown@x", "a", "b", 2), Sip.from("198.51.100.66")).passes());
    }

    private static void assertKey(String key, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(key + " "), x.getMessage());
    }
}
