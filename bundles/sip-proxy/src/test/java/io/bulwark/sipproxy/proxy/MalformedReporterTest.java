package io.bulwark.sipproxy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.SecurityEventSink;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.MessageContext;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MalformedReporterTest {

    private final List<SecurityEvent> events = new ArrayList<>();
    private final SecurityEventSink sink = events::add;
    private Instant now = Instant.parse("2026-11-27T08:00:00Z");

    private MalformedReporter reporter() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new MalformedReporter(() -> List.of(sink), 3, 60_000, clock);
    }

    private static MessageContext from(String ip) {
        return new MessageContext(Zone.OUTSIDE, TransportProtocol.UDP, new InetSocketAddress(ip, 5062),
                new InetSocketAddress("127.0.0.1", 5060), 0, null, 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void onlyARepeatingSourceIsReportedOncePerThreshold() {
        MalformedReporter r = reporter();
        byte[] junk = bytes("INVITE sip:x SIP/2.0\r\nVia: broken\r\n\r\n");
        r.malformed(from("192.0.2.1"), "bad Via", junk);
        r.malformed(from("192.0.2.1"), "bad Via", junk);
        r.malformed(from("192.0.2.2"), "bad Via", junk);
        assertTrue(events.isEmpty(), "two from one source, one from another: a buggy phone, not an attack");
        r.malformed(from("192.0.2.1"), "bad Via", junk);
        assertEquals(1, events.size());
        SecurityEvent e = events.get(0);
        assertEquals("sip.malformed", e.kind());
        assertEquals(ThreatLevel.APPLICATION, e.level());
        assertEquals("192.0.2.1", e.source().getHostAddress());
        r.malformed(from("192.0.2.1"), "bad Via", junk);
        assertEquals(1, events.size(), "counting starts afresh after a report");
    }

    @Test
    void theWindowForgetsOldMessages() {
        MalformedReporter r = reporter();
        r.malformed(from("192.0.2.1"), "x", bytes("x"));
        r.malformed(from("192.0.2.1"), "x", bytes("x"));
        now = now.plus(Duration.ofSeconds(61));
        r.malformed(from("192.0.2.1"), "x", bytes("x"));
        assertTrue(events.isEmpty());
    }

    @Test
    void evidenceIsTheStartLineWithoutPasswordsOrBinary() {
        assertEquals("INVITE sip:alice:***@example.com SIP/2.0",
                MalformedReporter.startLine(bytes("INVITE sip:alice:secret@example.com SIP/2.0\r\nAuthorization: x\r\n")));
        assertEquals("??OPTIONS", MalformedReporter.startLine(new byte[] {0, (byte) 0xff, 'O', 'P', 'T', 'I', 'O', 'N', 'S'}));
        assertFalse(MalformedReporter.startLine(bytes("A".repeat(500))).length() > 120);
    }
}
