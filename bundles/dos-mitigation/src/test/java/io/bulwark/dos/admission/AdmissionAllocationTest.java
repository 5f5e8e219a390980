package io.bulwark.dos.admission;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.decision.BanOrigin;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.flood.FloodDetector;
import io.bulwark.dos.testing.Configs;
import io.bulwark.dos.testing.FakeDecisionStore;
import io.bulwark.dos.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The admission path allocates nothing per call once warmed up, measured with the JVM's per-thread
 * allocation counter around a million calls. The source addresses are made beforehand: the
 * transport hands the gate an {@link InetSocketAddress} it already has.
 *
 * <p>IPv6 is the one exception the JDK forces: reading an address's bits copies them, so the gate
 * caches the keys of recent IPv6 sources ({@link io.bulwark.dos.table.Ipv6KeyCache}), indexed by
 * the JDK's weak {@code Inet6Address.hashCode()} (a sum of the four words). The 4096 sources here
 * are regular enough that a few sets of that cache overflow, and those sources pay the 64-byte copy
 * on every visit; the test bounds the average to under one byte per call (64 without the cache).
 */
class AdmissionAllocationTest {

    private static final int CALLS = 1_000_000;
    /** A little slack for the counter's own bookkeeping; one allocation per call would be 16 MB. */
    private static final long SLACK_BYTES = 64 * 1024;

    private final ManualClock clock = new ManualClock();

    private RateLimitingAdmissionGate warmGate() {
        RateLimitingAdmissionGate g = new RateLimitingAdmissionGate(Configs.of(AdmissionConfig.class), clock,
                Runnable::run);
        FloodDetector flood = new FloodDetector(Configs.of(FloodDetector.Config.class), clock);
        g.setFlood(flood); // no sinks: reports would allocate, and that is rare by design
        FakeDecisionStore store = new FakeDecisionStore();
        store.addListener(g);
        g.setStore(store);
        store.ban("198.51.100.0/24", Duration.ofHours(1), BanOrigin.ADMIN, "t", "t");
        store.ban("2001:db8:bad::/48", Duration.ofHours(1), BanOrigin.ADMIN, "t", "t");
        store.allow("192.0.2.0/24", "trunk", 0, "t");
        return g;
    }

    private static InetSocketAddress[] sources(boolean v6) throws Exception {
        InetSocketAddress[] s = new InetSocketAddress[4096];
        for (int i = 0; i < s.length; i++) {
            String a = switch (i % 4) {
                case 0 -> v6 ? "2001:db8:bad::" + Integer.toHexString(i) : "198.51.100." + (i & 255); // banned
                case 1 -> v6 ? "2001:db8:1::" + Integer.toHexString(i) : "192.0.2." + (i & 255); // allowed in v4
                default -> v6 ? "2001:db8:" + Integer.toHexString(i) + "::1" : "203.0." + (i >> 8) + "." + (i & 255);
            };
            s[i] = new InetSocketAddress(InetAddress.getByName(a), 5060);
        }
        return s;
    }

    @Test
    void ipv4AdmissionAllocatesNothing() throws Exception {
        measure("IPv4 admit", sources(false), false, SLACK_BYTES);
    }

    @Test
    void ipv6AdmissionOfRepeatSourcesAllocatesUnderOneBytePerCall() throws Exception {
        measure("IPv6 admit", sources(true), false, CALLS);
    }

    @Test
    void methodAdmissionAllocatesNothing() throws Exception {
        measure("admitMethod", sources(false), true, SLACK_BYTES);
    }

    private void measure(String what, InetSocketAddress[] sources, boolean methods, long maxBytes) {
        RateLimitingAdmissionGate g = warmGate();
        byte[][] messages = {
            "INVITE sip:1@x SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII),
            "REGISTER sip:x SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII),
            "SIP/2.0 200 OK\r\n".getBytes(StandardCharsets.US_ASCII),
            "BYE sip:x SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII),
        };
        for (int round = 0; round < 5; round++) { // let C2 compile and escape-analyse the path
            run(g, sources, messages, methods);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytesBefore = mx.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        int admitted = run(g, sources, messages, methods);
        long elapsed = System.nanoTime() - t0;
        long allocated = mx.getThreadAllocatedBytes(id) - bytesBefore;
        System.out.printf(Locale.ROOT, "%s: %d calls, %d admitted, %.1f ns/call, %d bytes allocated%n", what, CALLS,
                admitted, (double) elapsed / CALLS, allocated);
        assertTrue(allocated < maxBytes, what + " allocated " + allocated + " bytes in " + CALLS + " calls");
    }

    private int run(RateLimitingAdmissionGate g, InetSocketAddress[] sources, byte[][] messages, boolean methods) {
        int admitted = 0;
        for (int i = 0; i < CALLS; i++) {
            InetSocketAddress s = sources[i & (sources.length - 1)];
            boolean ok = methods ? g.admitMethod(Zone.OUTSIDE, s, messages[i & 3])
                    : g.admit(Zone.OUTSIDE, (i & 7) == 7 ? TransportProtocol.TCP : TransportProtocol.UDP, s,
                            (i & 7) == 7 ? 0 : 400);
            admitted += ok ? 1 : 0;
            if ((i & 255) == 0) {
                clock.advanceNanos(100_000); // 0.1 ms per 256 packets: about 2.5 Mpps
            }
        }
        return admitted;
    }
}
