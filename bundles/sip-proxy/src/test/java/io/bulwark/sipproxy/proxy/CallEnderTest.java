package io.bulwark.sipproxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.proxy.RecordingTransport.Sent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The appliance ending an answered call itself: a BYE to each party, as each expects it. */
class CallEnderTest {

    private static final InetSocketAddress APPLIANCE_OUT = new InetSocketAddress("203.0.113.1", 5060);
    private static final InetSocketAddress APPLIANCE_IN = new InetSocketAddress("10.9.0.1", 5070);
    private static final InetSocketAddress PBX = new InetSocketAddress("10.9.0.5", 5080);
    private static final InetSocketAddress TRUNK = new InetSocketAddress("198.51.100.20", 5060);

    private RecordingTransport transport;
    private SipProxy proxy;

    @BeforeEach
    void setUp() {
        transport = new RecordingTransport(APPLIANCE_OUT, APPLIANCE_IN);
        proxy = new SipProxy(transport, () -> null, new ProxySettings(PBX, TransportProtocol.UDP, TRUNK,
                TransportProtocol.UDP, 70, 32000, 7_200_000), SipDecoderConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private void receive(Zone zone, InetSocketAddress from, String msg) {
        proxy.onFrame(msg.getBytes(StandardCharsets.UTF_8), new MessageContext(zone, TransportProtocol.UDP, from,
                zone == Zone.OUTSIDE ? APPLIANCE_OUT : APPLIANCE_IN, 0, null, System.nanoTime()));
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ":\\s*([^\\r\\n]*)").matcher(msg);
        return m.find() ? m.group(1) : null;
    }

    /** A trunk call to the PBX, answered and acknowledged, with a re-INVITE from the trunk at CSeq 5. */
    private String answeredCall() {
        receive(Zone.OUTSIDE, TRUNK, "INVITE sip:100@203.0.113.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKe1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:+4989@carrier>;tag=trk\r\nTo: <sip:100@203.0.113.1>\r\nCall-ID: end-me\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:gw@198.51.100.20:5060>\r\nRecord-Route: <sip:198.51.100.21;lr>\r\n"
                + "Content-Length: 0\r\n\r\n");
        String toPbx = transport.to(Zone.INSIDE).get(0).text();
        receive(Zone.INSIDE, PBX, "SIP/2.0 200 OK\r\nVia: " + header(toPbx, "Via") + "\r\n"
                + "From: <sip:+4989@carrier>;tag=trk\r\nTo: <sip:100@203.0.113.1>;tag=pbx\r\nCall-ID: end-me\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:100@10.9.0.5:5080>\r\nContent-Length: 0\r\n\r\n");
        String ok = transport.to(Zone.OUTSIDE).get(transport.to(Zone.OUTSIDE).size() - 1).text();
        assertTrue(ok.startsWith("SIP/2.0 200 OK"), ok);
        String token = header(ok, "Contact").replaceAll(".*sip:([^@]+)@.*", "$1");
        receive(Zone.OUTSIDE, TRUNK, "INVITE sip:" + token + "@203.0.113.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKe2\r\nMax-Forwards: 70\r\n"
                + "From: <sip:+4989@carrier>;tag=trk\r\nTo: <sip:100@203.0.113.1>;tag=pbx\r\nCall-ID: end-me\r\n"
                + "CSeq: 5 INVITE\r\nContact: <sip:gw@198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n");
        return token;
    }

    @Test
    void bothPartiesGetAByeTheyCanMatchToTheirDialog() {
        answeredCall();
        transport.sent.clear();
        assertTrue(proxy.endCall("end-me", "max call duration 3600 s"));
        List<Sent> toTrunk = transport.to(Zone.OUTSIDE);
        List<Sent> toPbx = transport.to(Zone.INSIDE);
        assertEquals(1, toTrunk.size());
        assertEquals(1, toPbx.size());
        String byeOut = toTrunk.get(0).text();
        assertEquals(TRUNK, toTrunk.get(0).to());
        assertTrue(byeOut.startsWith("BYE sip:gw@198.51.100.20:5060 SIP/2.0"), byeOut);
        assertEquals("<sip:198.51.100.21;lr>", header(byeOut, "Route"));
        assertEquals("end-me", header(byeOut, "Call-ID"));
        assertTrue(header(byeOut, "From").endsWith(";tag=pbx"), "from the callee, as the trunk knows it: " + byeOut);
        assertTrue(header(byeOut, "To").endsWith(";tag=trk"), byeOut);
        assertTrue(header(byeOut, "Reason").contains("max call duration"), byeOut);
        assertFalse(byeOut.contains("10.9.0."), "nothing of the inside: " + byeOut);
        String byeIn = toPbx.get(0).text();
        assertEquals(PBX, toPbx.get(0).to());
        assertTrue(byeIn.startsWith("BYE sip:100@10.9.0.5:5080 SIP/2.0"), byeIn);
        assertTrue(header(byeIn, "To").endsWith(";tag=pbx"), byeIn);
        assertTrue(header(byeIn, "From").endsWith(";tag=trk"), byeIn);
        assertEquals("6 BYE", header(byeIn, "CSeq"), "after the trunk's re-INVITE at 5");
        assertEquals(0, proxy.calls().activeCount());
        assertFalse(proxy.endCall("end-me", "again"), "an ended call cannot be ended twice");
    }

    @Test
    void theByesAreRetransmittedUntilAnswered() throws Exception {
        answeredCall();
        transport.sent.clear();
        proxy.endCall("end-me", "operator");
        String byeIn = transport.to(Zone.INSIDE).get(0).text();
        receive(Zone.INSIDE, PBX, "SIP/2.0 200 OK\r\nVia: " + header(byeIn, "Via") + "\r\nFrom: " + header(byeIn, "From")
                + "\r\nTo: " + header(byeIn, "To") + "\r\nCall-ID: end-me\r\nCSeq: 6 BYE\r\nContent-Length: 0\r\n\r\n");
        Thread.sleep(1700);
        assertEquals(1, byes(Zone.INSIDE), "answered: not sent again");
        assertTrue(byes(Zone.OUTSIDE) >= 2, "unanswered: sent again");
    }

    private long byes(Zone zone) {
        return transport.to(zone).stream().filter(m -> m.text().startsWith("BYE ")).count();
    }

    @Test
    void aDeadlineEndsTheCallOnceItPasses() throws Exception {
        answeredCall();
        List<io.bulwark.api.event.SecurityEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        proxy.events = events::add;
        assertTrue(proxy.endCallAt("end-me", Instant.now().plusMillis(300), "max call duration", "sip.toll-fraud"));
        long deadline = System.currentTimeMillis() + 5000;
        while ((proxy.calls().activeCount() > 0 || events.isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, proxy.calls().activeCount(), "ended by the deadline sweep");
        assertTrue(transport.to(Zone.OUTSIDE).stream().anyMatch(s -> s.text().startsWith("BYE ")));
        assertEquals(1, events.size());
        assertEquals("sip.toll-fraud", events.get(0).kind());
        assertEquals("198.51.100.20", events.get(0).source().getHostAddress(), "the party that placed the call");
        assertTrue(events.get(0).evidence().startsWith("max call duration"), events.get(0).evidence());
    }

    @Test
    void anUnansweredOrUnknownCallIsNotEnded() {
        assertFalse(proxy.endCall("nobody", "x"));
        receive(Zone.OUTSIDE, TRUNK, "INVITE sip:100@203.0.113.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKu1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:+4989@carrier>;tag=trk\r\nTo: <sip:100@203.0.113.1>\r\nCall-ID: ringing\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:gw@198.51.100.20:5060>\r\nContent-Length: 0\r\n\r\n");
        assertFalse(proxy.endCall("ringing", "x"), "ringing calls are cancelled, not ended");
        assertEquals(1, proxy.calls().activeCount());
    }
}
