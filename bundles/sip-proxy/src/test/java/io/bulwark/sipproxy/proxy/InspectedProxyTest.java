package io.bulwark.sipproxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.inspect.InspectionChain;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy carrying out inspectors' verdicts, against a {@link RecordingTransport}. */
class InspectedProxyTest {

    private static final InetSocketAddress APPLIANCE_OUT = new InetSocketAddress("203.0.113.1", 5060);
    private static final InetSocketAddress APPLIANCE_IN = new InetSocketAddress("10.9.0.1", 5070);
    private static final InetSocketAddress PBX = new InetSocketAddress("10.9.0.5", 5080);
    private static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.77", 40123);

    private RecordingTransport transport;
    private SipProxy proxy;
    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private InspectionChain chain;

    @BeforeEach
    void setUp() {
        transport = new RecordingTransport(APPLIANCE_OUT, APPLIANCE_IN);
        ProxySettings s = new ProxySettings(PBX, TransportProtocol.UDP, null, TransportProtocol.UDP, 70, 32000,
                7_200_000);
        proxy = new SipProxy(transport, () -> null, s, SipDecoderConfig.defaults());
        chain = new InspectionChain(() -> List.of(events::add), SipProxy::wireText, Clock.systemUTC(), a -> false);
        proxy.inspection(chain);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private void receive(Zone zone, InetSocketAddress from, String msg) {
        proxy.onFrame(msg.getBytes(StandardCharsets.UTF_8), new MessageContext(zone, TransportProtocol.UDP, from,
                zone == Zone.OUTSIDE ? APPLIANCE_OUT : APPLIANCE_IN, 0, null, System.nanoTime()));
    }

    private static String register(String user, String branch) {
        return "REGISTER sip:203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.77:40123;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + user + "@pbx>;tag=r\r\nTo: <sip:" + user + "@pbx>\r\n"
                + "Call-ID: reg-" + branch + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:" + user + "@192.0.2.77:40123>\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String answer(String request, int status, String reason, String extra) {
        Matcher via = Pattern.compile("(?m)^Via: ([^\r\n]*)").matcher(request);
        Matcher from = Pattern.compile("(?m)^From: ([^\r\n]*)").matcher(request);
        Matcher to = Pattern.compile("(?m)^To: ([^\r\n]*)").matcher(request);
        Matcher callId = Pattern.compile("(?m)^Call-ID: ([^\r\n]*)").matcher(request);
        assertTrue(via.find() && from.find() && to.find() && callId.find(), request);
        return "SIP/2.0 " + status + " " + reason + "\r\nVia: " + via.group(1) + "\r\nFrom: " + from.group(1) + "\r\nTo: "
                + to.group(1) + ";tag=pbx\r\nCall-ID: " + callId.group(1) + "\r\nCSeq: 1 REGISTER\r\n" + extra
                + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void aRejectedRequestIsAnsweredWithoutSayingWhyAndNeverRelayed() {
        chain.add((m, ctx) -> Verdict.reject(403, new Finding("sip.test", Severity.HIGH, null, "test rule")), Map.of());
        receive(Zone.OUTSIDE, PHONE, register("201", "z9hG4bKa1"));
        assertTrue(transport.to(Zone.INSIDE).isEmpty(), "nothing reaches the PBX");
        String resp = transport.last().text();
        assertTrue(resp.startsWith("SIP/2.0 403 Forbidden"), resp);
        assertFalse(resp.contains("Warning"), "no hint for the sender: " + resp);
        assertEquals(1, events.size());
        assertEquals("sip.test", events.get(0).kind());
    }

    @Test
    void aRefusedInviteIsAnsweredAgainOnRetransmissionAndItsAckStaysHere() {
        java.util.concurrent.atomic.AtomicInteger inspected = new java.util.concurrent.atomic.AtomicInteger();
        chain.add((m, ctx) -> {
            inspected.incrementAndGet();
            return "INVITE".equals(m.method())
                    ? Verdict.reject(403, new Finding("sip.test", Severity.HIGH, null, "test rule")) : Verdict.PASS;
        }, Map.of());
        String invite = "INVITE sip:bw-0123@203.0.113.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.77:40123;branch=z9hG4bKfi1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:x@forger>;tag=f\r\nTo: <sip:100@pbx>;tag=victim\r\nCall-ID: victim-call\r\n"
                + "CSeq: 20 INVITE\r\nContact: <sip:x@192.0.2.77:40123>\r\nContent-Length: 0\r\n\r\n";
        receive(Zone.OUTSIDE, PHONE, invite);
        receive(Zone.OUTSIDE, PHONE, invite);
        List<String> answers = transport.to(Zone.OUTSIDE).stream().map(RecordingTransport.Sent::text).toList();
        assertEquals(2, answers.size(), answers.toString());
        assertEquals(answers.get(0), answers.get(1), "the retransmission gets the very same answer");
        assertEquals(1, inspected.get(), "and is not inspected again");
        assertEquals(1, events.size(), "nor reported again");
        receive(Zone.OUTSIDE, PHONE, invite.replace("INVITE sip:", "ACK sip:").replace("CSeq: 20 INVITE", "CSeq: 20 ACK"));
        assertTrue(transport.to(Zone.INSIDE).isEmpty(), "the ACK of the refused INVITE goes nowhere");
        assertEquals(1, inspected.get());
    }

    @Test
    void droppedAndBannedRequestsGetNoAnswerAtAll() {
        chain.add((m, ctx) -> Verdict.ban(new Finding("sip.scanner", Severity.HIGH, null, "test rule")), Map.of());
        receive(Zone.OUTSIDE, PHONE, register("201", "z9hG4bKb1"));
        assertTrue(transport.sent.isEmpty(), transport.sent.toString());
        assertEquals(1, proxy.counters().get("dropped"));
    }

    @Test
    void aTellingFinalIsReplacedByAChallengeInTheRegistrarsRealmWhileTheRestIsRelayedAsIs() {
        chain.add(new SipInspector() {
            @Override
            public Verdict onRequest(SipMessage request, MessageContext from) {
                return Verdict.PASS;
            }

            @Override
            public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
                return response.statusCode() == 404
                        ? Verdict.reject(401, new Finding("sip.harvesting-masked", Severity.INFO, null, "masked"))
                        : Verdict.PASS;
            }
        }, Map.of());
        // a known user: the registrar challenges, and the challenge goes back as it is
        receive(Zone.OUTSIDE, PHONE, register("201", "z9hG4bKk1"));
        String toPbx = transport.to(Zone.INSIDE).get(0).text();
        receive(Zone.INSIDE, PBX, answer(toPbx, 401, "Unauthorized",
                "WWW-Authenticate: Digest realm=\"branch.example\", nonce=\"1234abcd\", algorithm=MD5\r\n"));
        String known = transport.last().text();
        assertTrue(known.startsWith("SIP/2.0 401 Unauthorized"), known);
        // an unknown user: the registrar says 404, the phone gets the same 401 in the same realm
        receive(Zone.OUTSIDE, PHONE, register("999", "z9hG4bKu1"));
        String toPbx2 = transport.to(Zone.INSIDE).get(1).text();
        receive(Zone.INSIDE, PBX, answer(toPbx2, 404, "Not Found", ""));
        String unknown = transport.last().text();
        assertEquals(PHONE, transport.last().to());
        assertTrue(unknown.startsWith("SIP/2.0 401 Unauthorized"), unknown);
        assertTrue(unknown.contains("WWW-Authenticate: Digest realm=\"branch.example\", nonce=\""), unknown);
        assertTrue(unknown.contains("algorithm=MD5"), unknown);
        assertTrue(unknown.contains("Call-ID: reg-z9hG4bKu1"), unknown);
        assertNotEquals(-1, unknown.indexOf("branch=z9hG4bKu1"));
        // a retransmission of the REGISTER gets the replacement again, not the 404
        receive(Zone.OUTSIDE, PHONE, register("999", "z9hG4bKu1"));
        assertTrue(transport.last().text().startsWith("SIP/2.0 401"), transport.last().text());
    }
}
