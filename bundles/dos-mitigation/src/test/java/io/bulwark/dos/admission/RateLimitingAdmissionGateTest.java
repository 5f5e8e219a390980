package io.bulwark.dos.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.flood.FloodDetector;
import io.bulwark.dos.testing.Configs;
import io.bulwark.dos.testing.FakeDecisionStore;
import io.bulwark.dos.testing.ManualClock;
import io.bulwark.dos.testing.RecordingSink;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitingAdmissionGateTest {

    private static final Zone OUT = Zone.OUTSIDE;
    private static final TransportProtocol UDP = TransportProtocol.UDP;
    private static final TransportProtocol TCP = TransportProtocol.TCP;

    private final ManualClock clock = new ManualClock();

    private RateLimitingAdmissionGate gate(Object... overrides) {
        return new RateLimitingAdmissionGate(Configs.of(AdmissionConfig.class, overrides), clock, Runnable::run);
    }

    static InetSocketAddress src(String address) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), 5060);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int admitted(RateLimitingAdmissionGate g, InetSocketAddress s, int packets) {
        int n = 0;
        for (int i = 0; i < packets; i++) {
            n += g.admit(OUT, UDP, s, 400) ? 1 : 0;
        }
        return n;
    }

    @Test
    void perSourceBucketAllowsTheBurstThenTheRate() {
        RateLimitingAdmissionGate g = gate("source_rate", 10, "source_burst", 20);
        InetSocketAddress a = src("203.0.113.7");
        assertEquals(20, admitted(g, a, 100));
        clock.advance(Duration.ofMillis(500)); // five tokens at 10/s
        assertEquals(5, admitted(g, a, 100));
        assertEquals(20, admitted(g, src("203.0.113.8"), 100), "another source has its own bucket");
        assertEquals(DropReason.SOURCE_RATE, onlyDropReason(g));
    }

    @Test
    void perPrefixBucketHoldsASubnetOfSources() {
        RateLimitingAdmissionGate g = gate("source_rate", 1000, "source_burst", 1000, "prefix_rate", 10, "prefix_burst", 50);
        int in = 0;
        for (int host = 1; host <= 100; host++) {
            in += admitted(g, src("198.51.100." + host), 1);
        }
        assertEquals(50, in, "a /24 shares one bucket");
        assertEquals(1, admitted(g, src("198.51.101.1"), 1), "the next /24 does not");
        assertEquals(50, g.counters().droppedCount(DropReason.PREFIX_RATE));
        // IPv6 sources are grouped by /64
        RateLimitingAdmissionGate g6 = gate("prefix_rate", 1, "prefix_burst", 3);
        assertEquals(3, admitted(g6, src("2001:db8:1:2::1"), 1) + admitted(g6, src("2001:db8:1:2::2"), 1)
                + admitted(g6, src("2001:db8:1:2:ffff::3"), 1) + admitted(g6, src("2001:db8:1:2::4"), 1));
    }

    @Test
    void zoneAndGlobalLimitsHoldEverySource() {
        RateLimitingAdmissionGate g = gate("zone_outside_rate", 10, "zone_outside_burst", 30, "global_rate", 1000,
                "global_burst", 40);
        int out = 0;
        for (int i = 0; i < 100; i++) {
            out += g.admit(OUT, UDP, src("192.0.2." + (i + 1)), 100) ? 1 : 0;
        }
        assertEquals(30, out);
        int inside = 0;
        for (int i = 0; i < 100; i++) {
            inside += g.admit(Zone.INSIDE, UDP, src("10.0.0." + (i + 1)), 100) ? 1 : 0;
        }
        assertEquals(10, inside, "the global burst of 40 is what remains for the inside zone");
        assertEquals(70, g.counters().droppedCount(DropReason.ZONE_RATE));
        assertEquals(90, g.counters().droppedCount(DropReason.GLOBAL_RATE));
    }

    @Test
    void bannedSourcesAreDroppedAndUnbannedOnesComeBack() {
        RateLimitingAdmissionGate g = gate();
        FakeDecisionStore store = new FakeDecisionStore();
        store.addListener(g);
        g.setStore(store);
        InetSocketAddress a = src("203.0.113.9");
        assertTrue(g.admit(OUT, UDP, a, 100));
        store.ban("203.0.113.0/24", Duration.ofMinutes(5), BanOrigin.ADMIN, "alice", "test");
        assertFalse(g.admit(OUT, UDP, a, 100));
        assertFalse(g.admit(OUT, TCP, src("203.0.113.200"), 0), "new connections too");
        assertFalse(g.admitMethod(OUT, a, bytes("INVITE sip:x SIP/2.0\r\n")), "and requests on open connections");
        assertTrue(g.admit(OUT, UDP, src("203.0.114.1"), 100));
        store.unban("203.0.113.0/24", "alice");
        assertTrue(g.admit(OUT, UDP, a, 100));
        assertEquals(3, g.counters().droppedCount(DropReason.BANNED));
    }

    @Test
    void allowListedSourcesHaveTheirOwnLimitAndAreNeverReported() {
        RateLimitingAdmissionGate g = gate("source_rate", 1, "source_burst", 1, "allowed_rate", 100, "allowed_burst", 100);
        FloodDetector flood = new FloodDetector(Configs.of(FloodDetector.Config.class, "threshold_pps", 1,
                "window_seconds", 1), clock);
        RecordingSink sink = new RecordingSink();
        flood.addSink(sink);
        g.setFlood(flood);
        FakeDecisionStore store = new FakeDecisionStore();
        store.addListener(g);
        g.setStore(store);
        store.allow("192.0.2.0/28", "carrier trunk", 0, "alice");
        store.allow("192.0.2.100", "monitoring", 5, "alice");
        assertEquals(100, admitted(g, src("192.0.2.1"), 500), "the default allow-listed limit, then throttled");
        assertEquals(5, admitted(g, src("192.0.2.100"), 500), "an entry's own rate");
        assertEquals(1, admitted(g, src("192.0.2.200"), 500), "outside the allow-list: the per-source limit");
        assertTrue(g.counters().droppedCount(DropReason.ALLOWED_RATE) > 0);
        assertTrue(sink.events.stream().allMatch(e -> e.source().getHostAddress().equals("192.0.2.200")),
                "only the source that is not allow-listed is reported as a flood");
        assertEquals(1, sink.events.size());
    }

    @Test
    void connectionsAreCappedPerSourceAndReleasedOnClose() {
        RateLimitingAdmissionGate g = gate("connection_max_per_source", 3, "connection_rate", 1000,
                "connection_burst", 1000, "connection_half_life_seconds", 60);
        InetSocketAddress a = src("203.0.113.20");
        for (int i = 0; i < 3; i++) {
            assertTrue(g.admit(OUT, TCP, a, 0));
        }
        assertFalse(g.admit(OUT, TCP, a, 0));
        assertTrue(g.admit(OUT, TCP, src("203.0.113.21"), 0), "other sources are not affected");
        g.connectionClosed(OUT, TCP, a);
        assertTrue(g.admit(OUT, TCP, a, 0), "a close frees a place");
        assertFalse(g.admit(OUT, TLS(), a, 0));
        // a transport that never reports closes: the count halves each half-life
        clock.advance(Duration.ofSeconds(120));
        assertTrue(g.admit(OUT, TCP, a, 0));
        assertTrue(g.admit(OUT, TCP, a, 0));
        assertEquals(2, g.counters().droppedCount(DropReason.CONNECTION_CAP));
        assertTrue(g.admit(OUT, UDP, a, 0), "a zero-length datagram is not a connection");
    }

    @Test
    void newConnectionsAreRateLimitedPerSource() {
        RateLimitingAdmissionGate g = gate("connection_rate", 1, "connection_burst", 2);
        InetSocketAddress a = src("203.0.113.30");
        assertTrue(g.admit(OUT, TCP, a, 0));
        assertTrue(g.admit(OUT, TCP, a, 0));
        assertFalse(g.admit(OUT, TCP, a, 0));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(g.admit(OUT, TCP, a, 0));
        assertEquals(1, g.counters().droppedCount(DropReason.CONNECTION_RATE));
    }

    @Test
    void eachMethodHasItsOwnRate() {
        RateLimitingAdmissionGate g = gate("method_invite_rate", 2, "method_register_rate", 1, "method_burst_seconds", 2);
        InetSocketAddress a = src("203.0.113.40");
        byte[] invite = bytes("INVITE sip:100@pbx SIP/2.0\r\n");
        byte[] register = bytes("REGISTER sip:pbx SIP/2.0\r\n");
        byte[] ok = bytes("SIP/2.0 200 OK\r\n");
        int invites = 0;
        int registers = 0;
        for (int i = 0; i < 50; i++) {
            invites += g.admitMethod(OUT, a, invite) ? 1 : 0;
            registers += g.admitMethod(OUT, a, register) ? 1 : 0;
            assertTrue(g.admitMethod(OUT, a, ok), "responses are never limited per method");
        }
        assertEquals(4, invites, "2/s with 2 s of burst");
        assertEquals(2, registers);
        clock.advance(Duration.ofMillis(500));
        assertTrue(g.admitMethod(OUT, a, invite));
        assertFalse(g.admitMethod(OUT, a, register));
    }

    /** Limits so high that only the per-source table matters. */
    private static final Object[] OPEN_SHARED_LIMITS = {"global_rate", 10_000_000, "global_burst", 10_000_000,
        "zone_outside_rate", 10_000_000, "zone_outside_burst", 10_000_000, "prefix_rate", 1_000_000,
        "prefix_burst", 1_000_000};

    private RateLimitingAdmissionGate gateWithSlots(int sourceSlots) {
        Object[] o = java.util.Arrays.copyOf(OPEN_SHARED_LIMITS, OPEN_SHARED_LIMITS.length + 4);
        o[o.length - 4] = "source_table_slots";
        o[o.length - 3] = sourceSlots;
        o[o.length - 2] = "prefix_table_slots";
        o[o.length - 1] = 1024;
        return gate(o);
    }

    /** A spoofed flood: packet i comes from a new address, 1 µs after the previous one. */
    private void spoof(RateLimitingAdmissionGate g, int i) {
        byte[] b = {(byte) (20 + (i >>> 16)), (byte) (i >>> 8), (byte) i, 1};
        g.admit(OUT, UDP, new InetSocketAddress(addr(b), 5060), 100);
        clock.advanceNanos(1_000);
    }

    @Test
    void memoryStaysFixedUnderOneHundredThousandSpoofedSources() {
        // 4096 slots cannot hold 10,000 new sources per 10 ms refill interval: the table saturates
        RateLimitingAdmissionGate g = gateWithSlots(4096);
        long before = g.memoryBytes();
        for (int i = 0; i < 150_000; i++) {
            spoof(g, i);
        }
        assertEquals(before, g.memoryBytes(), "tables never grow");
        assertEquals(4096, g.sourceTable().slots());
        assertTrue(g.sourceTable().occupiedSlots() <= 4096);
        assertTrue(g.counters().overflowCount() > 0, "sources beyond the table shared the overflow bucket");
        clock.advance(Duration.ofMillis(20)); // the flood stops; its entries go stale within one interval
        assertTrue(g.admit(OUT, UDP, src("192.0.2.10"), 100), "a new source is served again");
        // the documented bound: 24 bytes per slot of the GCRA tables, 40 per connection slot
        assertEquals(AdmissionSettings.from(Configs.of(AdmissionConfig.class, "source_table_slots", 4096,
                "prefix_table_slots", 1024)).memoryBound(), before);
    }

    @Test
    void aLegitimateSourceIsServedThroughASpoofedFloodTheTableCanHold() {
        // 32768 slots hold the 10,000 sources a 1 Mpps spoofed flood brings per 10 ms interval
        RateLimitingAdmissionGate g = gateWithSlots(32_768);
        InetSocketAddress legit = src("192.0.2.10");
        int sent = 0;
        int served = 0;
        for (int i = 0; i < 150_000; i++) {
            spoof(g, i);
            if (i % 20_000 == 0) { // 50 packets/s, under its 100/s
                sent++;
                served += g.admit(OUT, UDP, legit, 100) ? 1 : 0;
            }
        }
        assertEquals(sent, served);
        assertTrue(g.sourceTable().occupiedSlots() <= 32_768);
    }

    @Test
    void defaultTablesTakeAboutEightMebibytes() {
        long bytes = gate().memoryBytes();
        assertEquals(8_486_912L, bytes);
    }

    @Test
    void badSettingsNameTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gate("source_rate", 0));
        assertTrue(e.getMessage().startsWith("source.rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gate("source_table_slots", 1000));
        assertTrue(e.getMessage().startsWith("source.table.slots"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gate("prefix_v4_length", 33));
        assertTrue(e.getMessage().startsWith("prefix.v4.length"), e.getMessage());
    }

    @Test
    void unresolvedSourcesAreDropped() {
        RateLimitingAdmissionGate g = gate();
        assertFalse(g.admit(OUT, UDP, InetSocketAddress.createUnresolved("example.com", 5060), 10));
        assertEquals(1, g.counters().droppedCount(DropReason.NO_ADDRESS));
    }

    private static TransportProtocol TLS() {
        return TransportProtocol.TLS;
    }

    private static DropReason onlyDropReason(RateLimitingAdmissionGate g) {
        DropReason only = null;
        for (var e : g.counters().droppedByReason().entrySet()) {
            if (e.getValue() > 0) {
                assertEquals(null, only, "more than one drop reason");
                only = e.getKey();
            }
        }
        return only;
    }

    static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
