package io.bulwark.sipproxy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.inspect.Finding;
import io.bulwark.api.inspect.SipInspector;
import io.bulwark.api.inspect.Verdict;
import io.bulwark.api.sip.SipMessage;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.sipproxy.codec.SipDecoderConfig;
import io.bulwark.sipproxy.codec.SipMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InspectionChainTest {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final InspectionChain chain = new InspectionChain(() -> List.of(events::add),
            m -> "OPTIONS sip:100@x SIP/2.0\r\nAuthorization: Digest username=\"100\", response=\"secret\"\r\n",
            Clock.systemUTC(), a -> a.getHostAddress().equals("192.0.2.50"));

    private static final byte[] RAW = ("OPTIONS sip:100@x SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK1\r\n"
            + "From: <sip:a@x>;tag=1\r\nTo: <sip:100@x>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final SipMessage MSG = new SipMessageDecoder(SipDecoderConfig.defaults()).decode(RAW, 0, RAW.length,
            true).message();

    private static MessageContext from(String address) {
        return new MessageContext(Zone.OUTSIDE, TransportProtocol.UDP, new InetSocketAddress(address, 5062),
                new InetSocketAddress("192.0.2.1", 5060), 0, null, 0);
    }

    private SipInspector recording(String name, Verdict v) {
        return (m, ctx) -> {
            calls.add(name);
            return v;
        };
    }

    private static Finding finding(String kind) {
        return new Finding(kind, Severity.MEDIUM, "100", "rule fired");
    }

    @Test
    void inspectorsRunByRankingAndAnAlertLetsTheChainGoOn() {
        chain.add(recording("low", Verdict.PASS), Map.of("service.ranking", 1, "service.id", 1L));
        chain.add(recording("high", Verdict.alert(finding("sip.alert-test"))), Map.of("service.ranking", 10,
                "service.id", 2L));
        chain.add(recording("mid", Verdict.PASS), Map.of("service.ranking", 5, "service.id", 3L));
        assertTrue(chain.onRequest(MSG, from("192.0.2.9")).passes());
        assertEquals(List.of("high", "mid", "low"), calls);
        assertEquals(1, events.size());
        SecurityEvent e = events.get(0);
        assertEquals(ThreatLevel.APPLICATION, e.level());
        assertEquals("sip.alert-test", e.kind());
        assertEquals("192.0.2.9", e.source().getHostAddress());
        assertEquals(5062, e.sourcePort());
        assertEquals("100", e.target());
        assertTrue(e.evidence().startsWith("rule fired [") && e.evidence().contains(": alert]\n"), e.evidence());
        assertFalse(e.evidence().contains("secret"), e.evidence());
    }

    @Test
    void theFirstRefusalEndsTheChain() {
        chain.add(recording("a", Verdict.reject(403, finding("sip.reject-test"))), Map.of("service.ranking", 2,
                "bulwark.inspector", "a"));
        chain.add(recording("b", Verdict.PASS), Map.of("service.ranking", 1));
        Verdict v = chain.onRequest(MSG, from("192.0.2.9"));
        assertEquals(403, v.status());
        assertEquals(List.of("a"), calls);
        assertTrue(events.get(0).evidence().startsWith("rule fired [a: rejected 403]"), events.get(0).evidence());
    }

    @Test
    void aThrowingInspectorIsCountedAndPassed() {
        chain.add((m, ctx) -> {
            throw new IllegalStateException("bug");
        }, Map.of("bulwark.inspector", "buggy"));
        chain.add(recording("next", Verdict.PASS), Map.of("service.ranking", -1));
        assertTrue(chain.onRequest(MSG, from("192.0.2.9")).passes());
        assertEquals(List.of("next"), calls);
        assertEquals(1L, chain.counters().get("buggy").get("failures"));
    }

    @Test
    void anAllowListedSourceIsNeverDroppedOrBannedOnlyReported() {
        SipInspector banner = recording("ban", Verdict.ban(finding("sip.scanner")));
        chain.add(banner, Map.of());
        assertTrue(chain.onRequest(MSG, from("192.0.2.50")).passes());
        assertTrue(events.get(0).evidence().contains("allow-listed"), events.get(0).evidence());
        assertEquals(Verdict.Action.BAN, chain.onRequest(MSG, from("192.0.2.51")).action());
        chain.remove(banner);
        assertTrue(chain.isEmpty());
    }

    @Test
    void responsesGoThroughTheChainToo() {
        chain.add(new SipInspector() {
            @Override
            public Verdict onRequest(SipMessage request, MessageContext from) {
                return Verdict.PASS;
            }

            @Override
            public Verdict onResponse(SipMessage response, SipMessage request, MessageContext requestFrom) {
                return Verdict.reject(401, finding("sip.harvesting-masked"));
            }
        }, Map.of());
        assertEquals(401, chain.onResponse(MSG, MSG, from("192.0.2.9")).status());
    }
}
