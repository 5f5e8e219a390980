package io.bulwark.sipproxy.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.sip.TracedMessage;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTraceBufferTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 5060);
    private static final InetSocketAddress PEER6 = new InetSocketAddress("2001:db8::7", 5062);

    private static byte[] msg(String startLine, String callIdHeader, String cseq) {
        return (startLine + "\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK1\r\n" + callIdHeader + "\r\n"
                + (cseq == null ? "" : "cSeq :  " + cseq + " \r\n") + "Content-Length: 12\r\n\r\nCall-ID: body")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void record(MessageTraceBuffer b, boolean inbound, byte[] m) {
        b.record(1000, inbound, Zone.OUTSIDE, TransportProtocol.UDP, PEER, m, 0, m.length);
    }

    @Test
    void summaryReadsStartLineCallIdAndCseqInAnyCaseAndCompactForm() {
        byte[] m = msg("BYE sip:100@example.com SIP/2.0", "i:  abc@host ", "7 BYE");
        WireSummary s = WireSummary.of(m, 0, m.length);
        assertEquals(new WireSummary("BYE sip:100@example.com SIP/2.0", "abc@host", "7 BYE"), s);
        byte[] noCallId = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\nCall-ID: in-body\r\n".getBytes(
                StandardCharsets.ISO_8859_1);
        assertNull(WireSummary.of(noCallId, 0, noCallId.length), "a Call-ID in the body does not count");
        assertNull(WireSummary.of(new byte[0], 0, 0));
        byte[] junk = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(WireSummary.of(junk, 0, junk.length));
        String longUri = "INVITE sip:" + "9".repeat(500) + "@x SIP/2.0";
        byte[] big = msg(longUri, "Call-ID: long", null);
        assertEquals(WireSummary.MAX_LINE, WireSummary.of(big, 0, big.length).startLine().length());
    }

    @Test
    void messagesComeBackInOrderWithTheirPeerAndDirection() {
        MessageTraceBuffer b = new MessageTraceBuffer(10, 10);
        record(b, true, msg("INVITE sip:100@x SIP/2.0", "Call-ID: c1", "1 INVITE"));
        b.record(1001, false, Zone.INSIDE, TransportProtocol.TCP, PEER6, msg("SIP/2.0 100 Trying", "Call-ID: c1",
                "1 INVITE"), 0, msg("SIP/2.0 100 Trying", "Call-ID: c1", "1 INVITE").length);
        record(b, true, msg("INVITE sip:200@x SIP/2.0", "Call-ID: other", "1 INVITE"));
        List<TracedMessage> t = b.messages("c1");
        assertEquals(2, t.size());
        assertTrue(t.get(0).inbound());
        assertEquals("198.51.100.7:5060", t.get(0).peer());
        assertEquals("outside", t.get(0).zone());
        assertEquals("UDP", t.get(0).transport());
        assertEquals("[2001:db8::7]:5062", t.get(1).peer());
        assertEquals("inside", t.get(1).zone());
        assertEquals("TCP", t.get(1).transport());
        assertEquals(1001, t.get(1).time().toEpochMilli());
        assertEquals(List.of(), b.messages("unknown"));
        assertEquals(List.of(), b.messages(null));
    }

    @Test
    void boundsForgetTheOldestCallIdAndKeepTheFirstMessagesOfALongOne() {
        MessageTraceBuffer b = new MessageTraceBuffer(3, 2);
        for (int i = 0; i < 5; i++) {
            record(b, true, msg("OPTIONS sip:" + i + "@x SIP/2.0", "Call-ID: c" + i, i + " OPTIONS"));
        }
        assertEquals(3, b.size());
        assertEquals(List.of(), b.messages("c0"));
        assertEquals(List.of(), b.messages("c1"));
        for (int i = 0; i < 4; i++) {
            record(b, false, msg("SIP/2.0 200 OK", "Call-ID: c4", i + " OPTIONS"));
        }
        List<TracedMessage> c4 = b.messages("c4");
        assertEquals(2, c4.size());
        assertEquals("OPTIONS sip:4@x SIP/2.0", c4.get(0).startLine());
        assertEquals("0 OPTIONS", c4.get(1).cseq());
        b.resize(1, 2);
        assertEquals(1, b.size());
        assertEquals(2, b.messages("c4").size());
        assertThrows(IllegalArgumentException.class, () -> b.resize(-1, 2));
    }

    @Test
    void linkedCallIdsAreOneDialogAndZeroBoundsTurnTracingOff() {
        MessageTraceBuffer b = new MessageTraceBuffer(10, 10);
        record(b, true, msg("INVITE sip:1@x SIP/2.0", "Call-ID: inside-id", "1 INVITE"));
        b.link("inside-id", "bwOUTSIDE");
        record(b, false, msg("INVITE sip:1@y SIP/2.0", "Call-ID: bwOUTSIDE", "1 INVITE"));
        assertEquals(2, b.messages("inside-id").size());
        assertEquals(b.messages("inside-id"), b.messages("bwOUTSIDE"));
        b.resize(0, 10);
        record(b, true, msg("INVITE sip:1@x SIP/2.0", "Call-ID: later", "1 INVITE"));
        assertEquals(0, b.size());
        assertEquals(List.of(), b.messages("later"));
    }
}
