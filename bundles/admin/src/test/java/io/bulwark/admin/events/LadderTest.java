package io.bulwark.admin.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.sip.TracedMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderTest {

    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");
    private static final String BYE = "BYE sip:bw-1a2b@203.0.113.1:5060 SIP/2.0";

    private static TracedMessage in(int ms, String zone, String peer, String line) {
        return new TracedMessage(T0.plusMillis(ms), true, zone, "UDP", peer, line, null, "c1");
    }

    private static TracedMessage out(int ms, String zone, String peer, String line) {
        return new TracedMessage(T0.plusMillis(ms), false, zone, "UDP", peer, line, null, "c1");
    }

    private static final List<TracedMessage> FORGED_BYE_CALL = List.of(
            in(0, "outside", "198.51.100.20:5060", "INVITE sip:100@203.0.113.1 SIP/2.0"),
            out(1, "outside", "198.51.100.20:5060", "SIP/2.0 100 Trying"),
            out(2, "inside", "10.9.0.5:5080", "INVITE sip:100@10.9.0.5:5080 SIP/2.0"),
            in(30, "inside", "10.9.0.5:5080", "SIP/2.0 200 OK"),
            out(31, "outside", "198.51.100.20:5060", "SIP/2.0 200 OK"),
            in(40, "outside", "198.51.100.20:5060", "ACK sip:bw-1a2b@203.0.113.1:5060 SIP/2.0"),
            out(41, "inside", "10.9.0.5:5080", "ACK sip:100@10.9.0.5:5080 SIP/2.0"),
            in(900, "outside", "192.0.2.66:5060", BYE),
            out(901, "outside", "192.0.2.66:5060", "SIP/2.0 403 Forbidden"));

    @Test
    void theDialogIsDrawnBetweenOutsidePeersTheApplianceAndThePbxWithTheEvidenceMarked() {
        Ladder.View v = Ladder.of(7, T0.plusMillis(901), "192.0.2.66", 5060, "outside", "UDP",
                BYE + "\r\nVia: SIP/2.0/UDP 192.0.2.66\r\n", "c1", FORGED_BYE_CALL);
        assertTrue(v.complete());
        assertEquals(List.of("198.51.100.20:5060", "192.0.2.66:5060", "bulwark", "10.9.0.5:5080"),
                v.parties().stream().map(Ladder.Party::id).toList());
        assertEquals(9, v.messages().size());
        Ladder.Arrow first = v.messages().get(0);
        assertEquals("198.51.100.20:5060", first.from());
        assertEquals("bulwark", first.to());
        Ladder.Arrow refusal = v.messages().get(8);
        assertEquals("bulwark", refusal.from());
        assertEquals("192.0.2.66:5060", refusal.to());
        assertEquals(List.of(7), java.util.stream.IntStream.range(0, 9).filter(i -> v.messages().get(i).evidence())
                .boxed().toList());
    }

    @Test
    void anInspectorsEvidenceIsFoundByTheMessageAfterItsFindingLine() {
        String evidence = "forged BYE from a non-party: 192.0.2.66:5060 over UDP [dialog-guard: rejected 403]\n"
                + BYE + "\r\nVia: SIP/2.0/UDP 192.0.2.66\r\nCall-ID: c1\r\n\r\n";
        Ladder.View v = Ladder.of(7, T0.plusMillis(901), "192.0.2.66", 5060, "outside", "UDP", evidence, "c1",
                FORGED_BYE_CALL);
        assertTrue(v.complete());
        assertTrue(v.messages().get(7).evidence());
        assertEquals("flood of 900 datagrams/s", Ladder.firstLine("flood of 900 datagrams/s\nnot SIP"));
    }

    @Test
    void withoutAPortTheSourceAddressIsEnoughToFindTheEvidence() {
        Ladder.View v = Ladder.of(7, T0.plusMillis(901), "192.0.2.66", 0, "outside", "UDP", BYE, "c1",
                FORGED_BYE_CALL);
        assertTrue(v.messages().get(7).evidence());
    }

    @Test
    void aForgottenTraceLeavesTheEvidenceAloneAndSaysSo() {
        Ladder.View v = Ladder.of(8, T0, "2001:db8::66", 5062, "outside", "TLS", BYE + "\r\nCall-ID: c1\r\n", "c1",
                List.of());
        assertFalse(v.complete());
        assertEquals(List.of("[2001:db8::66]:5062", "bulwark"), v.parties().stream().map(Ladder.Party::id).toList());
        assertEquals(1, v.messages().size());
        assertEquals(BYE, v.messages().get(0).summary());
        assertTrue(v.messages().get(0).evidence());
        assertEquals("TLS", v.messages().get(0).transport());

        Ladder.View other = Ladder.of(8, T0, "192.0.2.99", 5060, "inside", "UDP", BYE, "c1", FORGED_BYE_CALL);
        assertFalse(other.complete(), "a trace without the evidence message is not this event's");
        assertEquals(List.of("bulwark", "192.0.2.99:5060"), other.parties().stream().map(Ladder.Party::id).toList());

        Ladder.View nothing = Ladder.of(9, T0, null, 0, null, null, null, null, List.of());
        assertFalse(nothing.complete());
        assertEquals(0, nothing.messages().size());
    }
}
