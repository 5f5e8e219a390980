package io.bulwark.inspection.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.inspection.testing.Sip;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MethodPolicyInspectorTest {

    private static final String OUTSIDE_METHODS = "INVITE,ACK,BYE,CANCEL,OPTIONS,REGISTER,PRACK,UPDATE,INFO,REFER,"
            + "NOTIFY,SUBSCRIBE,MESSAGE";
    private static final String INSIDE_METHODS = OUTSIDE_METHODS + ",PUBLISH";
    private static final String TRUNK = "198.51.100.40";
    private static final String PBX = "192.0.2.10";

    private static MethodPolicyInspector inspector(String outsideSchemes, String outsideDomains) {
        return new MethodPolicyInspector(new PolicySettings(true,
                ZonePolicy.parse("outside", OUTSIDE_METHODS, outsideSchemes, outsideDomains),
                ZonePolicy.parse("inside", INSIDE_METHODS, "sip,sips,tel", "")));
    }

    private static MethodPolicyInspector defaults() {
        return new MethodPolicyInspector(PolicySettings.of(config(MethodPolicyInspector.Config.class)));
    }

    private static MessageContext inside(String address) {
        return new MessageContext(Zone.INSIDE, TransportProtocol.UDP, new InetSocketAddress(address, 5060),
                new InetSocketAddress("192.0.2.2", 5060), 0, null, System.nanoTime());
    }

    private static void assertRefused(int status, String reasonPart, Verdict v) {
        assertEquals(Verdict.Action.REJECT, v.action(), String.valueOf(v));
        assertEquals(status, v.status());
        assertEquals(EventKinds.SIP_POLICY, v.finding().kind());
        assertEquals(Severity.LOW, v.finding().severity());
        assertTrue(v.finding().reason().contains(reasonPart), v.finding().reason());
    }

    @Test
    void publishIsRefusedFromOutsideAndAllowedFromInsideByDefault() {
        MethodPolicyInspector p = defaults();
        Verdict v = p.onRequest(Sip.request("PUBLISH", "sip:100@192.0.2.1"), Sip.from(TRUNK));
        assertRefused(405, "method PUBLISH not allowed from the outside zone (outside.methods)", v);
        assertEquals("sip:100@192.0.2.1", v.finding().target());
        assertTrue(p.onRequest(Sip.request("PUBLISH", "sip:presence@203.0.113.5"), inside(PBX)).passes());
        for (String method : OUTSIDE_METHODS.split(",")) {
            assertTrue(p.onRequest(Sip.request(method, "sip:100@192.0.2.1"), Sip.from(TRUNK)).passes(), method);
        }
    }

    @Test
    void methodsAreMatchedExactlyWithTheirCase() {
        MethodPolicyInspector p = defaults();
        assertRefused(405, "method invite not allowed", p.onRequest(Sip.request("invite", "sip:100@192.0.2.1"),
                Sip.from(TRUNK)));
        assertRefused(405, "method FOO not allowed", p.onRequest(Sip.request("FOO", "sip:100@192.0.2.1"), inside(PBX)));
    }

    @Test
    void aSchemeNotAllowedIs416() {
        MethodPolicyInspector p = inspector("sip, SIPS", "");
        assertRefused(416, "Request-URI scheme 'tel' not allowed from the outside zone (outside.schemes: sip, sips)",
                p.onRequest(Sip.request("INVITE", "tel:+441234567890"), Sip.from(TRUNK)));
        assertTrue(p.onRequest(Sip.request("INVITE", "sips:100@192.0.2.1"), Sip.from(TRUNK)).passes());
        assertTrue(p.onRequest(Sip.request("INVITE", "tel:+441234567890"), inside(PBX)).passes());
    }

    @Test
    void requestsForUnknownDomainsAre404() {
        MethodPolicyInspector p = inspector("sip,sips,tel",
                "pbx.Example.com, 192.0.2.0/24, 2001:db8::/32, 198.51.100.7, [2001:db8:ffff::1], voip.example.net.");
        for (String uri : new String[] {"sip:100@PBX.EXAMPLE.COM", "sip:100@pbx.example.com.:5060;transport=udp",
            "sip:192.0.2.255", "sip:100@192.0.2.1:5080", "sips:100@[2001:db8::5]:5061", "sip:100@198.51.100.7",
            "sip:100@voip.example.net", "tel:+15551234567"}) {
            assertTrue(p.onRequest(Sip.request("INVITE", uri), Sip.from(TRUNK)).passes(), uri);
        }
        Verdict v = p.onRequest(Sip.request("INVITE", "sip:0044900123@relay.example.org"), Sip.from(TRUNK));
        assertRefused(404, "Request-URI domain 'relay.example.org' not served for the outside zone (outside.domains)",
                v);
        assertEquals("sip:0044900123@relay.example.org", v.finding().target());
        for (String uri : new String[] {"sip:100@192.0.3.1", "sip:100@[2001:db9::5]", "sip:100@198.51.100.8",
            "sip:100@example.com", "sip:100@pbx.example.com.evil.test", "sip:100@[::ffff:192.0.3.1]"}) {
            assertRefused(404, "Request-URI domain", p.onRequest(Sip.request("INVITE", uri), Sip.from(TRUNK)));
        }
        // an IPv4-mapped IPv6 address is the IPv4 address it maps
        assertTrue(p.onRequest(Sip.request("OPTIONS", "sip:[::ffff:192.0.2.9]"), Sip.from(TRUNK)).passes());
        // the inside zone has its own list: empty, any domain
        assertTrue(p.onRequest(Sip.request("INVITE", "sip:100@relay.example.org"), inside(PBX)).passes());
    }

    @Test
    void ackCancelAndInDialogRequestsAreNotHeldToTheDomainList() {
        MethodPolicyInspector p = inspector("sip,sips", "pbx.example.com");
        assertTrue(p.onRequest(Sip.request("CANCEL", "sip:100@elsewhere.test"), Sip.from(TRUNK)).passes());
        assertTrue(p.onRequest(Sip.request("ACK", "tel:+15551234567"), Sip.from(TRUNK)).passes());
        SipMessage bye = Sip.parse("BYE sip:bw-c1@203.0.113.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.40;branch="
                + "z9hG4bKbye\r\nMax-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:100@pbx.example.com>;tag=2\r\n"
                + "Call-ID: d@x\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
        assertTrue(p.onRequest(bye, Sip.from(TRUNK)).passes());
        // but ACK and CANCEL must be in the list themselves
        MethodPolicyInspector noCancel = new MethodPolicyInspector(new PolicySettings(true,
                ZonePolicy.parse("outside", "INVITE,ACK,BYE", "sip", ""),
                ZonePolicy.parse("inside", INSIDE_METHODS, "sip", "")));
        assertRefused(405, "method CANCEL not allowed", noCancel.onRequest(Sip.request("CANCEL", "sip:100@x.test"),
                Sip.from(TRUNK)));
    }

    @Test
    void theTargetIsTheRequestUriCut() {
        String uri = "sip:" + "9".repeat(150) + "@relay.example.org";
        Verdict v = inspector("sip", "pbx.example.com").onRequest(Sip.request("INVITE", uri), Sip.from(TRUNK));
        assertEquals(Verdict.Action.REJECT, v.action());
        assertEquals(uri.substring(0, 100) + "...", v.finding().target());
    }

    @Test
    void disabledPassesEverything() {
        MethodPolicyInspector p = new MethodPolicyInspector(new PolicySettings(false,
                ZonePolicy.parse("outside", "INVITE,ACK", "sip", "pbx.example.com"),
                ZonePolicy.parse("inside", "INVITE,ACK", "sip", "")));
        assertTrue(p.onRequest(Sip.request("PUBLISH", "tel:+123"), Sip.from(TRUNK)).passes());
    }

    @Test
    void addressesAndRangesAreReadWithoutDns() {
        assertTrue(ZonePolicy.Network.parse("192.0.2.7/24").contains(new byte[] {(byte) 192, 0, 2, (byte) 200}));
        assertFalse(ZonePolicy.Network.parse("10.0.0.0/9").contains(new byte[] {10, (byte) 128, 0, 1}));
        assertTrue(ZonePolicy.Network.parse("10.0.0.0/9").contains(new byte[] {10, 127, 0, 1}));
        assertTrue(ZonePolicy.Network.parse("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4}));
        assertEquals("[2001:db8:0:0:0:0:0:0]/32", ZonePolicy.Network.parse("2001:db8::/32").toString());
        for (String notAnAddress : new String[] {"pbx.example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33",
            "1.2.3.4/", "1.2.3.4/x", "2001:db8::/129", "g::1", "fe80::1%eth0", "01.2.3.4.", ""}) {
            assertEquals(null, ZonePolicy.Network.parse(notAnAddress), notAnAddress);
        }
        assertFalse(ZonePolicy.isHostName("300.1.1.1"));
        assertFalse(ZonePolicy.isHostName("-pbx.example.com"));
        assertFalse(ZonePolicy.isHostName("pbx..example.com"));
        assertTrue(ZonePolicy.isHostName("pbx"));
        assertTrue(ZonePolicy.isHostName("sip-1.example.com."));
    }

    @Test
    void badSettingsNameTheirKey() {
        assertBad("outside.domains: '300.1.1.1/8' is not a host, address or CIDR",
                () -> ZonePolicy.parse("outside", "INVITE,ACK", "sip", "pbx.example.com, 300.1.1.1/8"));
        assertBad("inside.domains: '192.0.2.0/33' is not a host, address or CIDR",
                () -> ZonePolicy.parse("inside", "INVITE,ACK", "sip", "192.0.2.0/33"));
        assertBad("outside.methods: 'IN VITE' is not a SIP method token",
                () -> ZonePolicy.parse("outside", "IN VITE,ACK", "sip", ""));
        assertBad("outside.methods: must allow at least one method", () -> ZonePolicy.parse("outside", " , ", "sip", ""));
        assertBad("outside.methods: INVITE is allowed but not ACK",
                () -> ZonePolicy.parse("outside", "INVITE,BYE", "sip", ""));
        assertBad("inside.schemes: 's1p' is not a URI scheme", () -> ZonePolicy.parse("inside", "OPTIONS", "sip,s1p", ""));
        assertBad("inside.schemes: must allow at least one scheme", () -> ZonePolicy.parse("inside", "OPTIONS", "", ""));
    }

    @Test
    void theDefaultsAllowEveryDomain() {
        PolicySettings s = PolicySettings.of(config(MethodPolicyInspector.Config.class));
        assertTrue(s.outside().anyHost());
        assertTrue(s.inside().anyHost());
        assertFalse(s.outside().methods().contains("PUBLISH"));
        assertTrue(s.inside().methods().contains("PUBLISH"));
        assertEquals(s.inside(), s.forZone(Zone.INSIDE));
        assertEquals(s.outside(), s.forZone(null));
    }

    private static void assertBad(String message, org.junit.jupiter.api.function.Executable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** @return the configuration with every attribute at its declared default */
    private static <A> A config(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
