package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests of SipUri, NameAddress, Via and CSeq. */
class SipHeaderParsersTest {

    @Test
    void sipUriParts() {
        SipUri u = SipUri.parse("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1?Subject=hi&X=y");
        assertEquals("sips", u.scheme());
        assertTrue(u.isSip());
        assertEquals("alice", u.user());
        assertEquals("secret", u.password());
        assertEquals("[2001:db8::1]", u.host());
        assertEquals(5061, u.port());
        assertEquals(List.of(new SipParam("transport", "tcp"), new SipParam("lr", null),
            new SipParam("maddr", "239.255.255.1")), u.params());
        assertEquals("", u.param("LR"));
        assertEquals("Subject=hi&X=y", u.headers());
        assertEquals("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1?Subject=hi&X=y",
            u.toString());
    }

    @Test
    void sipUriUserMayHoldSemicolonsAndEscapes() {
        SipUri u = SipUri.parse("SIP:user;par=u%40example.net@example.com");
        assertEquals("sip", u.scheme());
        assertEquals("user;par=u%40example.net", u.user());
        assertEquals("example.com", u.host());
        assertEquals(-1, u.port());
        assertTrue(u.params().isEmpty());
        assertEquals("sip:user;par=u%40example.net@example.com", u.toString());
    }

    @Test
    void sipUriCopies() {
        SipUri u = SipUri.parse("sip:bob@example.com;transport=udp");
        assertEquals("sip:bob@10.0.0.2:5070;transport=udp", u.withHost("10.0.0.2", 5070).toString());
        assertEquals("sip:example.com;transport=udp", u.withUser(null).toString());
        assertEquals("sip:carol@example.com;transport=udp", u.withUser("carol").toString());
        assertEquals("sip:bob@example.com;transport=tcp;lr", u.withParam("transport", "tcp").withParam("lr", null)
            .toString());
        assertEquals("sip:bob@example.com", u.withoutParam("TRANSPORT").toString());
        assertEquals(u, SipUri.parse(u.toString()));
        assertThrows(IllegalArgumentException.class, () -> u.withHost("bad host", 1));
        assertThrows(IllegalArgumentException.class, () -> u.withParam("a b", null));
    }

    @Test
    void telAndOtherSchemes() {
        SipUri tel = SipUri.parse("tel:+1-201-555-0123;phone-context=example.com");
        assertEquals("tel", tel.scheme());
        assertFalse(tel.isSip());
        assertEquals("+1-201-555-0123", tel.user());
        assertNull(tel.host());
        assertEquals("example.com", tel.param("phone-context"));
        assertEquals("tel:+1-201-555-0123;phone-context=example.com", tel.toString());
        SipUri other = SipUri.parse("soap.beep://192.0.2.103:3002");
        assertEquals("soap.beep", other.scheme());
        assertEquals("//192.0.2.103:3002", other.opaque());
        assertEquals("soap.beep://192.0.2.103:3002", other.toString());
        assertThrows(IllegalStateException.class, () -> other.withHost("x", 1));
        assertNull(SipUri.schemeOf("<sip:x>"));
        assertEquals("nobodyknowsthisscheme", SipUri.schemeOf("nobodyKnowsThisScheme:x"));
        assertNull(SipUri.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sip:", "sip:@host", "sip:host:99999", "sip:host;", "sip:ho st", "sip:a@b@c",
        "sip:a%zz@host", "sip:[::1", "sip:[zz]", "sip:user@host;a=", "<sip:x@y>", "sip:host?a=<b>", "tel:",
        "x:a b", "1abc:x"})
    void invalidUris(String s) {
        SipParseException e = assertThrows(SipParseException.class, () -> SipUri.parse(s));
        assertEquals("URI", e.field());
    }

    @Test
    void nameAddressForms() {
        NameAddress a = NameAddress.parse("\"Watson, \\\"Tom\\\"\" <sip:t@example.org;lr>;tag=12 ; q = 0.5");
        assertEquals("Watson, \"Tom\"", a.displayName());
        assertEquals("\"Watson, \\\"Tom\\\"\"", a.rawDisplayName());
        assertEquals("sip:t@example.org;lr", a.uri().toString());
        assertTrue(a.hadAngleBrackets());
        assertEquals("12", a.tag());
        assertEquals("0.5", a.param("q"));
        assertEquals("\"Watson, \\\"Tom\\\"\" <sip:t@example.org;lr>;tag=12;q=0.5", a.toString());

        NameAddress b = NameAddress.parse("sip:user@example.com;tag=x;lr");
        assertFalse(b.hadAngleBrackets());
        assertNull(b.displayName());
        assertEquals("x", b.tag());
        assertTrue(b.uri().params().isEmpty());
        assertEquals("<sip:user@example.com>;tag=x;lr", b.toString());

        NameAddress c = NameAddress.parse("Bob  Smith<tel:+123>");
        assertEquals("Bob Smith", c.displayName());
        assertEquals("Bob Smith <tel:+123>;tag=t9", c.withTag("t9").toString());
        NameAddress d = NameAddress.parse("<urn:service:sos>");
        assertEquals("urn", d.uri().scheme());
        assertEquals("<sip:h.example.com>", d.withUri(SipUri.parse("sip:h.example.com")).toString());
        assertEquals("\"A \\\"B\\\"\" <sip:h>", NameAddress.of("A \"B\"", SipUri.parse("sip:h")).toString());
        assertEquals("<sip:h>", NameAddress.parse("<sip:h>;a=1").withoutParam("a").toString());
        assertThrows(IllegalArgumentException.class, () -> b.withTag("bad tag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"unterminated <sip:x@y>", "Bell, Alexander <sip:a@b>", "< sip:a@b >",
        "<sip:a@b", "sip:a@b?Route=x", "<sip:a@b>;;", "<sip:a@b>;", "<sip:a@b> junk", "\"x\" sip:a@b",
        "<sip:a@b>;tag=", "display", "<sip:a@b>;p=\"open"})
    void invalidNameAddresses(String s) {
        SipParseException e = assertThrows(SipParseException.class, () -> NameAddress.parse(s, "To"));
        assertEquals("To", e.field());
        assertTrue(e.getMessage().startsWith("To: "), e.getMessage());
    }

    @Test
    void viaForms() {
        Via v = Via.parse("SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKx;received=2001:db8::7;rport;ttl=16");
        assertEquals("SIP/2.0", v.protocol());
        assertEquals("UDP", v.transport());
        assertEquals("[2001:db8::9]", v.host());
        assertEquals(5060, v.port());
        assertEquals("z9hG4bKx", v.branch());
        assertEquals("2001:db8::7", v.received());
        assertEquals(0, v.rport());
        assertEquals("16", v.param("ttl"));

        Via w = Via.parse(" SIP  / 2.0  / WSS     edge.example.com :  7443   ;  branch  =   z9hG4bK9 ");
        assertEquals("WSS", w.transport());
        assertEquals("edge.example.com", w.host());
        assertEquals(7443, w.port());
        assertEquals("SIP/2.0/WSS edge.example.com:7443;branch=z9hG4bK9", w.toString());
        assertEquals(-1, w.rport());
        assertNull(w.received());

        Via x = Via.parse("SIP/2.0/FOO h;rport").withReceived("192.0.2.9").withRport(5099);
        assertEquals("FOO", x.transport());
        assertEquals(-1, x.port());
        assertEquals(5099, x.rport());
        assertEquals("SIP/2.0/FOO h;rport=5099;received=192.0.2.9", x.toString());
        assertEquals("SIP/2.0/FOO h;received=192.0.2.9", x.withoutParam("rport").toString());
        assertEquals("SIP/2.0/TLS 10.1.1.1;branch=z9hG4bKq", Via.of("TLS", "10.1.1.1", -1, "z9hG4bKq").toString());
        assertEquals("SIP/7.0", Via.parse("SIP/7.0/UDP h").protocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0 UDP h", "SIP/2.0/UDPh", "SIP/2.0/UDP h;;",
        "SIP/2.0/UDP h;branch", "SIP/2.0/UDP h:port", "SIP/2.0/UDP h:70000", "SIP/2.0/UDP h;rport=x",
        "SIP/2.0/UDP h;ttl=300", "SIP/2.0/UDP [1::2", "SIP/2.0/UDP h, x", "SIP/2.0/UDP h;p=\"x"})
    void invalidVias(String s) {
        SipParseException e = assertThrows(SipParseException.class, () -> Via.parse(s));
        assertTrue(e.getMessage().startsWith("Via: "), e.getMessage());
    }

    @Test
    void cseq() {
        assertEquals(new CSeq(9, "INVITE"), CSeq.parse(" 0009   INVITE "));
        assertEquals(CSeq.MAX_NUMBER, CSeq.parse("2147483647 ACK").number());
        for (String bad : new String[] {"", "INVITE", "1", "1INVITE", "2147483648 INVITE", "-1 INVITE",
            "36893488147419103232 REGISTER", "1 INVITE x", "1 IN/VITE"}) {
            SipParseException e = assertThrows(SipParseException.class, () -> CSeq.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("CSeq: "));
        }
    }

    @Test
    void listSplittingRespectsQuotesAndAngles() {
        List<String> out = new java.util.ArrayList<>();
        SipSyntax.splitList("<sip:a,b@x>;p=\"q,\\\"r\", second ,, ", out);
        assertEquals(List.of("<sip:a,b@x>;p=\"q,\\\"r\"", "second", "", ""), out);
        out.clear();
        SipSyntax.splitList("   ", out);
        assertTrue(out.isEmpty());
    }
}
