package io.bulwark.sipproxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.proxy.RecordingTransport.Sent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's logic against a {@link RecordingTransport}: the addresses below (documentation and
 * private ranges, as a real trunk and PBX would have) are only data; no packet leaves the test.
 */
class SipProxyTest {

    private static final InetSocketAddress APPLIANCE_OUT = new InetSocketAddress("203.0.113.1", 5060);
    private static final InetSocketAddress APPLIANCE_IN = new InetSocketAddress("10.9.0.1", 5070);
    private static final InetSocketAddress PBX = new InetSocketAddress("10.9.0.5", 5080);
    private static final InetSocketAddress TRUNK = new InetSocketAddress("198.51.100.20", 5060);

    private RecordingTransport transport;
    private SipProxy proxy;

    @BeforeEach
    void setUp() {
        transport = new RecordingTransport(APPLIANCE_OUT, APPLIANCE_IN);
        ProxySettings s = new ProxySettings(PBX, TransportProtocol.UDP, TRUNK, TransportProtocol.UDP, 70, 32000,
                7_200_000);
        proxy = new SipProxy(transport, () -> null, s, SipDecoderConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private void receive(Zone zone, InetSocketAddress from, String msg) {
        proxy.onFrame(msg.getBytes(StandardCharsets.UTF_8), new MessageContext(zone, TransportProtocol.UDP, from,
                zone == Zone.OUTSIDE ? APPLIANCE_OUT : APPLIANCE_IN, 0, null, System.nanoTime()));
    }

    private static String sdp(String host) {
        return "v=0\r\no=pbx 1 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    }

    private static String insideInvite() {
        String body = sdp("10.9.0.5");
        return "INVITE sip:+4930555@198.51.100.20 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.9.0.5:5080;branch=z9hG4bKpbx1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Ext 100\" <sip:100@10.9.0.5>;tag=pbxtag\r\n"
                + "To: <sip:+4930555@198.51.100.20>\r\n"
                + "Call-ID: 12345@10.9.0.5\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:100@10.9.0.5:5080>\r\n"
                + "Record-Route: <sip:10.9.0.7;lr>\r\n"
                + "P-Asserted-Identity: <sip:100@10.9.0.5>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*?)\\r?$").matcher(msg);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void insideAddressesNeverReachTheOutside() {
        receive(Zone.INSIDE, PBX, insideInvite());
        List<Sent> out = transport.to(Zone.OUTSIDE);
        assertEquals(1, out.size());
        String invite = out.get(0).text();
        assertEquals(TRUNK, out.get(0).to());
        // c= and m= belong to media anchoring (srtp-media issue); everything else must be clean
        String visible = invite.replaceAll("(?m)^[cm]=.*$", "");
        for (String inside : List.of("10.9.0.5", "10.9.0.7", "10.9.0.1", ":5080", "pbx1")) {
            assertFalse(visible.contains(inside), "'" + inside + "' leaked:\n" + invite);
        }
        assertTrue(header(invite, "Via").startsWith("SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK"), invite);
        assertTrue(invite.split("\r\n")[1].startsWith("Via: "), "our Via is the first header");
        assertTrue(header(invite, "Contact").contains("@203.0.113.1:5060"), invite);
        assertNotEquals("12345@10.9.0.5", header(invite, "Call-ID"));
        assertEquals("69", header(invite, "Max-Forwards"));
        assertTrue(invite.contains("o=pbx 1 1 IN IP4 203.0.113.1"), invite);
        assertTrue(transport.to(Zone.INSIDE).get(0).text().startsWith("SIP/2.0 100 Trying"));
    }

    @Test
    void requestsAddressedToTheApplianceInsideAreReaddressedToTheTrunk() {
        receive(Zone.INSIDE, PBX, insideInvite().replace("INVITE sip:+4930555@198.51.100.20 SIP/2.0",
                "INVITE sip:+4930555@10.9.0.1:5070 SIP/2.0").replace("To: <sip:+4930555@198.51.100.20>",
                "To: <sip:+4930555@10.9.0.1:5070>"));
        String invite = transport.to(Zone.OUTSIDE).get(0).text();
        assertTrue(invite.startsWith("INVITE sip:+4930555@198.51.100.20:5060 SIP/2.0"), invite);
        assertEquals("<sip:+4930555@203.0.113.1>", header(invite, "To"));
    }

    @Test
    void responsesAreRestoredOnTheWayIn() {
        receive(Zone.INSIDE, PBX, insideInvite());
        String invite = transport.to(Zone.OUTSIDE).get(0).text();
        String via = header(invite, "Via");
        String callId = header(invite, "Call-ID");
        String ok = "SIP/2.0 200 OK\r\nVia: " + via + "\r\nFrom: \"Ext 100\" <sip:100@203.0.113.1>;tag=pbxtag\r\n"
                + "To: <sip:+4930555@198.51.100.20>;tag=trunktag\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:gw@198.51.100.20:5060>\r\nRecord-Route: <sip:198.51.100.21;lr>\r\n"
                + "Content-Length: 0\r\n\r\n";
        receive(Zone.OUTSIDE, TRUNK, ok);
        Sent toPbx = transport.last();
        assertEquals(Zone.INSIDE, toPbx.zone());
        assertEquals(PBX, toPbx.to());
        assertTrue(toPbx.text().startsWith("SIP/2.0 200 OK"), toPbx.text());
        assertEquals("SIP/2.0/UDP 10.9.0.5:5080;branch=z9hG4bKpbx1", header(toPbx.text(), "Via"));
        assertEquals("12345@10.9.0.5", header(toPbx.text(), "Call-ID"));
        String contactForPbx = header(toPbx.text(), "Contact");
        assertTrue(contactForPbx.contains("@10.9.0.1:5070"), contactForPbx);
        assertFalse(toPbx.text().contains("198.51.100.21"), "trunk's Record-Route stays at the appliance");
        assertEquals(1, proxy.calls().activeCount());

        // the PBX hangs up: BYE to the token Contact goes to the trunk's Contact via its route set
        String token = contactForPbx.replaceAll(".*sip:([^@]+)@.*", "$1");
        String bye = "BYE sip:" + token + "@10.9.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.0.5:5080;branch=z9hG4bKpbx2\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:100@10.9.0.5>;tag=pbxtag\r\nTo: <sip:+4930555@198.51.100.20>;tag=trunktag\r\n"
                + "Call-ID: 12345@10.9.0.5\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        receive(Zone.INSIDE, PBX, bye);
        Sent byeOut = transport.last();
        assertEquals(Zone.OUTSIDE, byeOut.zone());
        assertEquals(new InetSocketAddress("198.51.100.21", 5060), byeOut.to(), "sent along the route set");
        assertTrue(byeOut.text().startsWith("BYE sip:gw@198.51.100.20:5060 SIP/2.0"), byeOut.text());
        assertEquals(callId, header(byeOut.text(), "Call-ID"));
        assertEquals("<sip:198.51.100.21;lr>", header(byeOut.text(), "Route"));
        assertFalse(byeOut.text().contains("10.9.0."), byeOut.text());
        assertEquals(0, proxy.calls().activeCount());
    }

    @Test
    void trunkCallsGoToThePbxAndRetransmissionsAreAbsorbed() {
        String invite = "INVITE sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKt1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:+4989@carrier>;tag=a\r\nTo: <sip:100@203.0.113.1>\r\n"
                + "Call-ID: trunk-call-1\r\nCSeq: 1 INVITE\r\nContact: <sip:gw@198.51.100.20>\r\nContent-Length: 0\r\n\r\n";
        receive(Zone.OUTSIDE, TRUNK, invite);
        receive(Zone.OUTSIDE, TRUNK, invite);
        List<Sent> toPbx = transport.to(Zone.INSIDE);
        assertEquals(1, toPbx.size(), "retransmission absorbed");
        assertEquals(PBX, toPbx.get(0).to());
        assertEquals("trunk-call-1", header(toPbx.get(0).text(), "Call-ID"), "outside Call-IDs pass unchanged");
        assertEquals(2, transport.to(Zone.OUTSIDE).size(), "100 Trying, then again for the retransmission");
    }

    @Test
    void cancelIsAnsweredAndRelayed() {
        String invite = "INVITE sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKc1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@carrier>;tag=a\r\nTo: <sip:100@203.0.113.1>\r\n"
                + "Call-ID: cancel-1\r\nCSeq: 7 INVITE\r\nContact: <sip:gw@198.51.100.20>\r\nContent-Length: 0\r\n\r\n";
        receive(Zone.OUTSIDE, TRUNK, invite);
        String toPbx = transport.to(Zone.INSIDE).get(0).text();
        String via = header(toPbx, "Via");
        receive(Zone.INSIDE, PBX, "SIP/2.0 180 Ringing\r\nVia: " + via + "\r\nFrom: <sip:a@carrier>;tag=a\r\n"
                + "To: <sip:100@203.0.113.1>;tag=p\r\nCall-ID: cancel-1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n");
        receive(Zone.OUTSIDE, TRUNK, "CANCEL sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKc1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@carrier>;tag=a\r\nTo: <sip:100@203.0.113.1>\r\n"
                + "Call-ID: cancel-1\r\nCSeq: 7 CANCEL\r\nContent-Length: 0\r\n\r\n");
        assertTrue(transport.to(Zone.OUTSIDE).stream().anyMatch(s -> s.text().startsWith("SIP/2.0 200 OK")
                && s.text().contains("CANCEL")), "CANCEL answered");
        Sent cancel = transport.to(Zone.INSIDE).get(transport.to(Zone.INSIDE).size() - 1);
        assertTrue(cancel.text().startsWith("CANCEL "), cancel.text());
        assertEquals(via, header(cancel.text(), "Via"), "CANCEL uses the INVITE's branch");
        receive(Zone.INSIDE, PBX, "SIP/2.0 487 Request Terminated\r\nVia: " + via + "\r\nFrom: <sip:a@carrier>;tag=a\r\n"
                + "To: <sip:100@203.0.113.1>;tag=p\r\nCall-ID: cancel-1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n");
        assertTrue(transport.to(Zone.INSIDE).stream().anyMatch(s -> s.text().startsWith("ACK ")), "487 ACKed");
        assertTrue(transport.to(Zone.OUTSIDE).stream().anyMatch(s -> s.text().startsWith("SIP/2.0 487")), "487 relayed");
        assertEquals(0, proxy.calls().activeCount());
    }

    @Test
    void theTraceHoldsBothSidesOfAnInsideCallUnderEitherCallId() {
        receive(Zone.INSIDE, PBX, insideInvite());
        String outsideCallId = header(transport.to(Zone.OUTSIDE).get(0).text(), "Call-ID");
        List<io.bulwark.api.sip.TracedMessage> byInside = proxy.trace.messages("12345@10.9.0.5");
        assertEquals(3, byInside.size(), byInside.toString());
        assertEquals(byInside, proxy.trace.messages(outsideCallId));
        io.bulwark.api.sip.TracedMessage first = byInside.get(0);
        assertTrue(first.inbound());
        assertEquals("inside", first.zone());
        assertEquals("10.9.0.5:5080", first.peer());
        assertEquals("INVITE sip:+4930555@198.51.100.20 SIP/2.0", first.startLine());
        assertEquals("1 INVITE", first.cseq());
        List<String> lines = byInside.stream().map(m -> (m.inbound() ? "<" : ">") + m.zone() + " " + m.startLine())
                .toList();
        assertTrue(lines.contains(">inside SIP/2.0 100 Trying"), lines.toString());
        assertTrue(lines.contains(">outside INVITE sip:+4930555@198.51.100.20:5060 SIP/2.0")
                || lines.stream().anyMatch(l -> l.startsWith(">outside INVITE ")), lines.toString());
        assertEquals(outsideCallId, byInside.stream().filter(m -> "outside".equals(m.zone())).findFirst().orElseThrow()
                .callId());
    }

    @Test
    void anUnroutableAckIsDroppedNeverAnswered() {
        receive(Zone.OUTSIDE, TRUNK, "ACK sip:bw-000000@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bKa1\r\n"
                + "Max-Forwards: 10\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:100@c>;tag=2\r\nCall-ID: forged-ack\r\nCSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(transport.sent.isEmpty(), transport.sent.toString());
        assertEquals(1, proxy.trace.messages("forged-ack").size(), "the ACK is traced all the same");
    }

    @Test
    void maxForwardsZeroLoopsAndUnknownTokensAreRefused() {
        receive(Zone.OUTSIDE, TRUNK, "OPTIONS sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bKm0\r\n"
                + "Max-Forwards: 0\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:100@c>\r\nCall-ID: mf0\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(transport.last().text().startsWith("SIP/2.0 483 "), transport.last().text());
        receive(Zone.OUTSIDE, TRUNK, "OPTIONS sip:100@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bKl1\r\n"
                + "Via: SIP/2.0/UDP 203.0.113.1;branch=" + proxy.branchPrefix + "7\r\n"
                + "Max-Forwards: 10\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:100@c>\r\nCall-ID: loop\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(transport.last().text().startsWith("SIP/2.0 482 "), transport.last().text());
        receive(Zone.OUTSIDE, TRUNK, "BYE sip:bw-000000@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bKb1\r\n"
                + "Max-Forwards: 10\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:100@c>;tag=2\r\nCall-ID: forged\r\nCSeq: 1 BYE\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(transport.last().text().startsWith("SIP/2.0 481 "), transport.last().text());
        assertTrue(transport.to(Zone.INSIDE).isEmpty(), "nothing reached the PBX");
    }

    @Test
    void redirectContactsAreHiddenToo() {
        receive(Zone.INSIDE, PBX, insideInvite());
        String via = header(transport.to(Zone.OUTSIDE).get(0).text(), "Via");
        String callId = header(transport.to(Zone.OUTSIDE).get(0).text(), "Call-ID");
        // a 302 from inside (PBX redirecting a call it receives from the trunk) must not name the PBX
        String trunkInvite = "INVITE sip:200@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKr1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@carrier>;tag=a\r\nTo: <sip:200@203.0.113.1>\r\n"
                + "Call-ID: redirect-1\r\nCSeq: 1 INVITE\r\nContact: <sip:gw@198.51.100.20>\r\nContent-Length: 0\r\n\r\n";
        receive(Zone.OUTSIDE, TRUNK, trunkInvite);
        String toPbx = transport.to(Zone.INSIDE).get(transport.to(Zone.INSIDE).size() - 1).text();
        receive(Zone.INSIDE, PBX, "SIP/2.0 302 Moved Temporarily\r\nVia: " + header(toPbx, "Via")
                + "\r\nFrom: <sip:a@carrier>;tag=a\r\nTo: <sip:200@203.0.113.1>;tag=p\r\nCall-ID: redirect-1\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:200@10.9.0.44:5060>, <sip:201@10.9.0.45>\r\nContent-Length: 0\r\n\r\n");
        Sent redirect = transport.last();
        assertEquals(Zone.OUTSIDE, redirect.zone());
        assertTrue(redirect.text().startsWith("SIP/2.0 302 "), redirect.text());
        assertFalse(redirect.text().contains("10.9.0."), redirect.text());
        assertEquals(2, redirect.text().split("sip:bw-", -1).length - 1, "both Contacts became tokens");
        assertTrue(transport.to(Zone.INSIDE).stream().anyMatch(x -> x.text().startsWith("ACK ")), "302 ACKed");
        assertNotEquals(null, via);
        assertNotEquals(null, callId);
    }

    @Test
    void aPhoneRegisteredFromOutsideIsReachedOnItsOwnFlow() {
        InetSocketAddress phoneNat = new InetSocketAddress("192.0.2.77", 40123);
        receive(Zone.OUTSIDE, phoneNat, "REGISTER sip:203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bKreg1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:201@pbx>;tag=r\r\nTo: <sip:201@pbx>\r\nCall-ID: reg-1\r\n"
                + "CSeq: 1 REGISTER\r\nContact: <sip:201@10.0.0.7:5060>;expires=300\r\nContent-Length: 0\r\n\r\n");
        String toPbx = transport.to(Zone.INSIDE).get(0).text();
        String contact = header(toPbx, "Contact");
        assertTrue(contact.matches("<sip:bw-[0-9a-f]+@10\\.9\\.0\\.1:5070>;expires=300"), contact);
        // later the PBX calls the phone at the Contact it stored: the call goes to the phone's NAT flow
        String token = contact.replaceAll(".*sip:([^@]+)@.*", "$1");
        receive(Zone.INSIDE, PBX, "INVITE sip:" + token + "@10.9.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.0.5:5080;branch=z9hG4bKin1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:100@10.9.0.5>;tag=x\r\nTo: <sip:201@pbx>\r\nCall-ID: call-to-phone\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:100@10.9.0.5:5080>\r\nContent-Length: 0\r\n\r\n");
        Sent toPhone = transport.last();
        assertEquals(Zone.OUTSIDE, toPhone.zone());
        assertEquals(phoneNat, toPhone.to(), "sent to the address the REGISTER came from (NAT)");
        assertTrue(toPhone.text().startsWith("INVITE sip:201@10.0.0.7:5060 SIP/2.0"), toPhone.text());
    }

    @Test
    void unmatchedResponsesAreDropped() {
        receive(Zone.OUTSIDE, TRUNK, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bKnope\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        assertTrue(transport.sent.isEmpty());
    }
}
