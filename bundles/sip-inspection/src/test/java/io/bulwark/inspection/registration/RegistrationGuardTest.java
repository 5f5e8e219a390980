package io.bulwark.inspection.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.RegistrationBinding;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.common.SourceMatch;
import io.bulwark.inspection.testing.ManualClock;
import io.bulwark.inspection.testing.Sip;
import io.bulwark.sipproxy.inspect.BoundedInspectionState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistrationGuardTest {

    private static final String AOR = "sip:1001@pbx.example.com";
    private static final String PHONE_CONTACT = "<sip:1001@192.168.1.20:5060;ob>";
    private static final String PHONE_UA = "User-Agent: Yealink SIP-T46S 66.86.0.15";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ManualClock clock = new ManualClock();
    private final BoundedInspectionState state = new BoundedInspectionState(64, 10_000, 1_000);

    private RegistrationGuard guard(SourceMatch match, boolean userAgent, boolean block, long defaultExpires) {
        return new RegistrationGuard(new RegistrationSettings(true, Set.of(Zone.OUTSIDE), match, userAgent, false,
                block, defaultExpires), state, clock);
    }

    private RegistrationGuard guard() {
        return guard(SourceMatch.ADDRESS, true, true, 3600);
    }

    /** @return a REGISTER for extension 1001 with these header lines */
    private static SipMessage register(String... headers) {
        int n = SEQ.incrementAndGet();
        StringBuilder b = new StringBuilder("REGISTER sip:pbx.example.com SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-reg").append(n).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: \"Front desk\" <sip:1001@pbx.example.com>;tag=r").append(n).append("\r\n")
                .append("To: \"Front desk\" <sip:1001@PBX.example.com>\r\n")
                .append("Call-ID: reg-").append(n).append("@phone\r\n")
                .append("CSeq: ").append(n).append(" REGISTER\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Sip.parse(b.append("Content-Length: 0\r\n\r\n").toString());
    }

    /** @return the registrar's answer to a REGISTER, with these header lines */
    private static SipMessage answer(SipMessage request, int status, String... headers) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(status == 200 ? " OK" : " Unauthorized")
                .append("\r\nVia: ").append(request.header("Via"))
                .append("\r\nFrom: ").append(request.header("From"))
                .append("\r\nTo: ").append(request.header("To")).append(";tag=registrar")
                .append("\r\nCall-ID: ").append(request.callId())
                .append("\r\nCSeq: ").append(request.cseq()).append(" REGISTER\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Sip.parse(b.append("Content-Length: 0\r\n\r\n").toString());
    }

    private static MessageContext tls(String address, String identity) {
        return new MessageContext(Zone.OUTSIDE, TransportProtocol.TLS, new InetSocketAddress(address, 40123),
                new InetSocketAddress("192.0.2.1", 5061), 7, identity, System.nanoTime());
    }

    /** The phone registers and the registrar grants 600 s (its answer names a token, as it leaves the proxy). */
    private void phoneRegisters(RegistrationGuard g, MessageContext from) {
        SipMessage reg = register("Contact: " + PHONE_CONTACT, "Expires: 3600", PHONE_UA);
        assertTrue(g.onRequest(reg, from).passes());
        assertTrue(g.onResponse(answer(reg, 200, "Contact: <sip:bw-0a1b2c@192.0.2.1>;expires=600"), reg, from)
                .passes());
    }

    @Test
    void anAcceptedRegistrationIsRememberedWithItsOwner() {
        RegistrationGuard g = guard();
        phoneRegisters(g, Sip.from("203.0.113.10"));
        RegistrationBinding b = state.binding(AOR, clock.millis());
        assertNotNull(b);
        assertEquals("203.0.113.10", b.source().getHostAddress());
        assertEquals(TransportProtocol.UDP, b.transport());
        assertNull(b.tlsIdentity());
        assertEquals("Yealink SIP-T46S 66.86.0.15", b.userAgent());
        // the phone's own contact, not the token the answer carries after topology hiding
        assertEquals("sip:1001@192.168.1.20:5060;ob", b.contact());
        // the registrar granted 600 s of the 3600 asked
        assertEquals(clock.millis() + 600_000, b.expires().toEpochMilli());
    }

    @Test
    void anotherContactFromAnotherAddressIsRefusedAndThePhoneKeepsItsBinding() {
        RegistrationGuard g = guard();
        phoneRegisters(g, Sip.from("203.0.113.10"));
        clock.advance(Duration.ofSeconds(100));
        Verdict v = g.onRequest(register("Contact: <sip:1001@198.51.100.66:5062>", "Expires: 3600", PHONE_UA),
                Sip.from("198.51.100.66"));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(403, v.status());
        assertEquals(EventKinds.SIP_REGISTRATION_HIJACK, v.finding().kind());
        assertEquals(Severity.HIGH, v.finding().severity());
        assertEquals(AOR, v.finding().target());
        String reason = v.finding().reason();
        assertTrue(reason.contains("binds another contact sip:1001@198.51.100.66:5062"), reason);
        assertTrue(reason.contains("bound by 203.0.113.10 for 500 s more: address differs"), reason);
        // refused before the registrar: no answer, the phone's binding stays
        assertEquals("203.0.113.10", state.binding(AOR, clock.millis()).source().getHostAddress());
    }

    @Test
    void everyFormOfDeRegistrationFromElsewhereIsRefused() {
        RegistrationGuard g = guard();
        phoneRegisters(g, Sip.from("203.0.113.10"));
        MessageContext attacker = Sip.from("198.51.100.66");
        Verdict wildcard = g.onRequest(register("Contact: *", "Expires: 0", PHONE_UA), attacker);
        assertEquals(403, wildcard.status());
        assertTrue(wildcard.finding().reason().contains("removes every binding (Contact: *)"),
                wildcard.finding().reason());
        // the phone's own contact, removed by the Expires header
        Verdict header = g.onRequest(register("Contact: " + PHONE_CONTACT, "Expires: 0", PHONE_UA), attacker);
        assertEquals(403, header.status());
        assertTrue(header.finding().reason().contains("de-registers sip:1001@192.168.1.20:5060;ob"),
                header.finding().reason());
        // by parameter, which outranks a non-zero Expires header, in a list with a quoted comma
        Verdict param = g.onRequest(register("Contact: \"Desk, 1st floor\" <sip:1001@192.168.1.20:5060>;expires=0, "
                + "<sip:other@192.168.1.21>", "Expires: 3600", PHONE_UA), attacker);
        assertEquals(403, param.status());
        assertTrue(param.finding().reason().contains("de-registers"), param.finding().reason());
        assertNotNull(state.binding(AOR, clock.millis()));
    }

    @Test
    void thePhoneRefreshesFromAnotherPortAndMovesItsOwnContact() {
        RegistrationGuard g = guard();
        phoneRegisters(g, Sip.from("203.0.113.10"));
        // a refresh after the NAT changed the port; parameters of the contact URI do not matter
        SipMessage refresh = register("Contact: <SIP:1001@192.168.1.20:5060;transport=udp>;expires=600", PHONE_UA);
        assertTrue(g.onRequest(refresh, Sip.from("203.0.113.10", 31000)).passes());
        // the owner may change its contact, and the binding follows
        SipMessage moved = register("Contact: <sip:1001@192.168.1.77:5060>", "Expires: 600", PHONE_UA);
        Verdict v = g.onRequest(moved, Sip.from("203.0.113.10", 31000));
        assertTrue(v.passes());
        assertNull(v.finding());
        g.onResponse(answer(moved, 200, "Contact: <sip:bw-99@192.0.2.1>;expires=600"), moved,
                Sip.from("203.0.113.10", 31000));
        assertEquals("sip:1001@192.168.1.77:5060", state.binding(AOR, clock.millis()).contact());
    }

    @Test
    void theBoundContactRepeatedFromElsewhereIsARefreshUnlessStrict() {
        phoneRegisters(guard(), Sip.from("203.0.113.10"));
        // the phone's public address changed; its (private) contact did not
        SipMessage again = register("Contact: " + PHONE_CONTACT, "Expires: 600", PHONE_UA);
        assertTrue(guard().onRequest(again, Sip.from("198.51.100.20")).passes());
        RegistrationGuard strict = new RegistrationGuard(new RegistrationSettings(true, Set.of(Zone.OUTSIDE),
                SourceMatch.ADDRESS, true, true, true, 3600), state, clock);
        Verdict v = strict.onRequest(again, Sip.from("198.51.100.20"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().contains("binds the bound contact sip:1001@192.168.1.20:5060;ob anew"),
                v.finding().reason());
        // the phone itself still refreshes
        assertTrue(strict.onRequest(again, Sip.from("203.0.113.10")).passes());
    }

    @Test
    void anotherUserAgentFromTheSameAddressIsAnotherSenderUnlessConfiguredOtherwise() {
        RegistrationGuard strict = guard();
        phoneRegisters(strict, Sip.from("203.0.113.10"));
        SipMessage softphone = register("Contact: <sip:1001@192.168.1.30:5080>", "Expires: 600",
                "User-Agent: Zoiper rv2.10");
        Verdict v = strict.onRequest(softphone, Sip.from("203.0.113.10"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().endsWith(": User-Agent differs"), v.finding().reason());
        // no User-Agent at all is not the phone's either
        assertEquals(403, strict.onRequest(register("Contact: *", "Expires: 0"), Sip.from("203.0.113.10")).status());
        RegistrationGuard lenient = guard(SourceMatch.ADDRESS, false, true, 3600);
        assertTrue(lenient.onRequest(softphone, Sip.from("203.0.113.10")).passes());
        // and from elsewhere both count
        Verdict both = strict.onRequest(softphone, Sip.from("198.51.100.66"));
        assertTrue(both.finding().reason().endsWith("address and User-Agent differ"), both.finding().reason());
    }

    @Test
    void prefixMatchingAcceptsTheSameNetworkOnly() {
        RegistrationGuard g = guard(SourceMatch.PREFIX, true, true, 3600);
        phoneRegisters(g, Sip.from("203.0.113.10"));
        SipMessage elsewhere = register("Contact: <sip:1001@10.9.9.9>", "Expires: 600", PHONE_UA);
        assertTrue(g.onRequest(elsewhere, Sip.from("203.0.113.250")).passes());
        Verdict v = g.onRequest(elsewhere, Sip.from("203.0.114.10"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().endsWith("network differs"), v.finding().reason());
        // the same address under strict matching is refused for the neighbour
        assertEquals(403, guard().onRequest(elsewhere, Sip.from("203.0.113.250")).status());
    }

    @Test
    void anotherTlsIdentityIsAnotherSenderWhenBothHaveOne() {
        RegistrationGuard g = guard();
        phoneRegisters(g, tls("203.0.113.10", "CN=phone-1001,O=Example"));
        assertEquals("CN=phone-1001,O=Example", state.binding(AOR, clock.millis()).tlsIdentity());
        assertEquals(TransportProtocol.TLS, state.binding(AOR, clock.millis()).transport());
        SipMessage dereg = register("Contact: *", "Expires: 0", PHONE_UA);
        Verdict v = g.onRequest(dereg, tls("203.0.113.10", "CN=intruder"));
        assertEquals(403, v.status());
        assertTrue(v.finding().reason().endsWith("TLS identity differs"), v.finding().reason());
        // without an identity there is nothing to compare: the address and User-Agent are the phone's
        assertTrue(g.onRequest(dereg, Sip.from("203.0.113.10")).passes());
        assertTrue(g.onRequest(dereg, tls("203.0.113.10", "CN=phone-1001,O=Example")).passes());
    }

    @Test
    void alertModeRelaysAndReports() {
        RegistrationGuard g = guard(SourceMatch.ADDRESS, true, false, 3600);
        phoneRegisters(g, Sip.from("203.0.113.10"));
        Verdict v = g.onRequest(register("Contact: *", "Expires: 0"), Sip.from("198.51.100.66"));
        assertTrue(v.passes());
        assertEquals(EventKinds.SIP_REGISTRATION_HIJACK, v.finding().kind());
    }

    @Test
    void withoutABindingThereIsNothingToProtect() {
        RegistrationGuard g = guard();
        assertTrue(g.onRequest(register("Contact: *", "Expires: 0"), Sip.from("198.51.100.66")).passes());
        phoneRegisters(g, Sip.from("203.0.113.10"));
        // another address-of-record is not affected by 1001's binding
        SipMessage other = Sip.request("REGISTER", "sip:pbx.example.com", "Contact: <sip:1002@10.0.0.2>",
                "Expires: 0");
        assertTrue(g.onRequest(other, Sip.from("198.51.100.66")).passes());
    }

    @Test
    void aBindingProtectsUntilItsExpiryOnly() {
        RegistrationGuard g = guard(SourceMatch.ADDRESS, true, true, 300);
        MessageContext phone = Sip.from("203.0.113.10");
        // the answer names no expiry: the REGISTER's Expires header counts
        SipMessage reg = register("Contact: " + PHONE_CONTACT, "Expires: 120", PHONE_UA);
        g.onResponse(answer(reg, 200), reg, phone);
        SipMessage hijack = register("Contact: <sip:1001@198.51.100.66>", PHONE_UA);
        clock.advance(Duration.ofSeconds(119));
        assertEquals(403, g.onRequest(hijack, Sip.from("198.51.100.66")).status());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(g.onRequest(hijack, Sip.from("198.51.100.66")).passes());
        // no expiry anywhere: the configured default
        SipMessage bare = register("Contact: " + PHONE_CONTACT, PHONE_UA);
        g.onResponse(answer(bare, 200), bare, phone);
        clock.advance(Duration.ofSeconds(299));
        assertEquals(403, g.onRequest(hijack, Sip.from("198.51.100.66")).status());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(g.onRequest(hijack, Sip.from("198.51.100.66")).passes());
    }

    @Test
    void theOwnersDeRegistrationFreesTheAddressOfRecord() {
        RegistrationGuard g = guard();
        MessageContext phone = Sip.from("203.0.113.10");
        phoneRegisters(g, phone);
        SipMessage dereg = register("Contact: " + PHONE_CONTACT + ";expires=0", PHONE_UA);
        assertTrue(g.onRequest(dereg, phone).passes());
        g.onResponse(answer(dereg, 200), dereg, phone);
        assertNull(state.binding(AOR, clock.millis()));
        // the extension moved to a new desk: its registration is the new binding
        SipMessage newDesk = register("Contact: <sip:1001@10.1.1.1>", "Expires: 600", "User-Agent: Snom D785");
        assertTrue(g.onRequest(newDesk, Sip.from("198.51.100.20")).passes());
        g.onResponse(answer(newDesk, 200), newDesk, Sip.from("198.51.100.20"));
        assertEquals("198.51.100.20", state.binding(AOR, clock.millis()).source().getHostAddress());
    }

    @Test
    void anAlertedRemovalFromElsewhereUnbindsOnlyForTheWildcard() {
        RegistrationGuard g = guard(SourceMatch.ADDRESS, true, false, 3600);
        phoneRegisters(g, Sip.from("203.0.113.10"));
        MessageContext attacker = Sip.from("198.51.100.66");
        // the proxy keeps each sender's contacts apart: the registrar still has the phone's
        SipMessage one = register("Contact: " + PHONE_CONTACT, "Expires: 0");
        g.onResponse(answer(one, 200), one, attacker);
        assertNotNull(state.binding(AOR, clock.millis()));
        SipMessage all = register("Contact: *", "Expires: 0");
        g.onResponse(answer(all, 200), all, attacker);
        assertNull(state.binding(AOR, clock.millis()));
    }

    @Test
    void queriesFailuresAndTheInsideBindNothing() {
        RegistrationGuard g = guard();
        SipMessage query = register(PHONE_UA);
        g.onResponse(answer(query, 200, "Contact: <sip:bw-1@192.0.2.1>;expires=300"), query,
                Sip.from("203.0.113.10"));
        assertNull(state.binding(AOR, clock.millis()));
        SipMessage challenged = register("Contact: " + PHONE_CONTACT, PHONE_UA);
        g.onResponse(answer(challenged, 401), challenged, Sip.from("203.0.113.10"));
        assertNull(state.binding(AOR, clock.millis()));
        MessageContext inside = new MessageContext(Zone.INSIDE, TransportProtocol.UDP,
                new InetSocketAddress("10.0.0.5", 5060), new InetSocketAddress("10.0.0.1", 5060), 0, null, 0);
        g.onResponse(answer(challenged, 200), challenged, inside);
        assertNull(state.binding(AOR, clock.millis()));
        // a query from elsewhere changes nothing, so it passes a binding
        phoneRegisters(g, Sip.from("203.0.113.10"));
        assertTrue(g.onRequest(query, Sip.from("198.51.100.66")).passes());
        assertTrue(g.onRequest(register("Contact: *", "Expires: 0"), inside).passes());
    }

    @Test
    void malformedContactsAndExpiriesNeverThrow() {
        RegistrationGuard g = guard();
        phoneRegisters(g, Sip.from("203.0.113.10"));
        MessageContext attacker = Sip.from("198.51.100.66");
        // unreadable contacts are no contacts: a query, which changes nothing
        assertTrue(g.onRequest(register("Contact: garbage"), attacker).passes());
        assertTrue(g.onRequest(register("Contact: \"unterminated <sip:x@y>"), attacker).passes());
        assertTrue(g.onRequest(register("Contact: <sip:x@y;expires=0"), attacker).passes());
        // a malformed expiry is absent: the default applies, and the contact is another one
        for (String expires : new String[] {"expires=abc", "expires=99999999999", "expires=-1", "expires"}) {
            Verdict v = g.onRequest(register("Contact: <sip:1001@198.51.100.66>;" + expires, "Expires: soon",
                    PHONE_UA), attacker);
            assertEquals(403, v.status(), expires);
            assertTrue(v.finding().reason().contains("binds another contact"), v.finding().reason());
        }
        SipMessage odd = register("Contact: <sip:1001@192.168.1.20:5060>;expires=\"0\"", PHONE_UA);
        assertEquals(403, g.onRequest(odd, attacker).status());
        assertTrue(g.onResponse(answer(odd, 200, "Contact: ;;;", "Expires: x"), odd, attacker).passes());
        MessageContext nowhere = new MessageContext(null, null, null, null, 0, null, 0);
        assertTrue(g.onRequest(odd, nowhere).passes());
        assertTrue(g.onResponse(answer(odd, 200), odd, nowhere).passes());
    }

    @Test
    void contactsAreReadAsTheGrammarSays() {
        assertEquals(new Contacts.Contact("sip:1001@h;ob", 60),
                Contacts.parse("\"a <b>, c\" <sip:1001@h;ob>;q=0.5;expires=60;+sip.instance=\"<urn:x;y>\""));
        assertEquals(new Contacts.Contact("sip:1001@h", 30), Contacts.parse("sip:1001@h ; EXPIRES = 30 ; q=1"));
        assertEquals(-1, Contacts.parse("<sip:1001@h>;+sip.instance=\";expires=0\"").expires());
        assertTrue(Contacts.parse(" * ").wildcard());
        assertNull(Contacts.parse("<>"));
        assertEquals("sip:+1;npdi@host:5060", Contacts.key("SIP:+1;npdi@Host:5060;transport=tcp?x=y"));
        assertEquals(Contacts.MAX_EXPIRES, Contacts.deltaSeconds("4294967295"));
        assertEquals(-1, Contacts.deltaSeconds("4294967296"));
    }

    @Test
    void disabledGuardsNothing() {
        RegistrationGuard g = new RegistrationGuard(new RegistrationSettings(false, Set.of(Zone.OUTSIDE),
                SourceMatch.ADDRESS, true, false, true, 3600), state, clock);
        phoneRegisters(g, Sip.from("203.0.113.10"));
        assertNull(state.binding(AOR, clock.millis()));
        phoneRegisters(guard(), Sip.from("203.0.113.10"));
        assertNotNull(state.binding(AOR, clock.millis()));
        assertTrue(g.onRequest(register("Contact: *", "Expires: 0"), Sip.from("198.51.100.66")).passes());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertKey("zones",
                () -> new RegistrationSettings(true, Set.of(), SourceMatch.ADDRESS, true, false, true, 3600));
        assertKey("default.expires.seconds",
                () -> new RegistrationSettings(true, Set.of(Zone.OUTSIDE), SourceMatch.ADDRESS, true, false, true,
                        0));
        assertKey("action", () -> RegistrationSettings.parseAction("ban"));
        assertKey("match", () -> SourceMatch.fromConfig("match", "port"));
        assertKey("zones", () -> io.bulwark.inspection.common.ConfigLists.zones("zones", "dmz"));
        assertTrue(RegistrationSettings.parseAction(" Block "));
    }

    private static void assertKey(String key, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(key + " "), x.getMessage());
    }
}
