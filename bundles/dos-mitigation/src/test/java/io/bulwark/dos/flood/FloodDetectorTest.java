package io.bulwark.dos.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.EventKinds;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.dos.table.AddressKeys;
import io.bulwark.dos.testing.Configs;
import io.bulwark.dos.testing.ManualClock;
import io.bulwark.dos.testing.RecordingSink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FloodDetectorTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingSink sink = new RecordingSink();

    private FloodDetector detector(double thresholdPps, int windowSeconds) {
        FloodDetector d = new FloodDetector(Configs.of(FloodDetector.Config.class, "threshold_pps", thresholdPps,
                "window_seconds", windowSeconds, "table_slots", 1024), clock);
        d.addSink(sink);
        return d;
    }

    /** Sends {@code packets} evenly over {@code seconds} from one source. */
    private void send(FloodDetector d, InetSocketAddress s, int packets, double seconds) {
        long step = (long) (seconds * 1e9 / packets);
        long lo = AddressKeys.v4Lo((Inet4Address) s.getAddress());
        for (int i = 0; i < packets; i++) {
            d.observe(0, lo, s, Zone.OUTSIDE, TransportProtocol.UDP, clock.getAsLong());
            clock.advanceNanos(step);
        }
    }

    @Test
    void aSourceUnderTheThresholdIsNeverReported() throws Exception {
        FloodDetector d = detector(100, 2);
        send(d, src("203.0.113.5"), 80 * 60, 60); // 80 packets/s for a minute
        assertEquals(0, sink.events.size());
    }

    @Test
    void aSourceOverTheThresholdIsReportedOncePerWindow() throws Exception {
        FloodDetector d = detector(100, 2);
        InetSocketAddress s = src("203.0.113.6");
        send(d, s, 500 * 10, 10); // 500 packets/s for 10 s
        // crosses the threshold after about 0.45 s, then once per 2 s window: at most 5 reports
        assertTrue(sink.events.size() >= 4 && sink.events.size() <= 5, "reports: " + sink.events.size());
        SecurityEvent e = sink.events.get(0);
        assertEquals(ThreatLevel.NETWORK, e.level());
        assertEquals(EventKinds.NETWORK_FLOOD, e.kind());
        assertEquals(s.getAddress(), e.source());
        assertEquals(5060, e.sourcePort());
        assertEquals(Zone.OUTSIDE, e.zone());
        assertEquals(TransportProtocol.UDP, e.transport());
        assertNull(e.target());
        assertTrue(e.evidence().contains("packets/s"), e.evidence());
        assertEquals(sink.events.size(), d.reportCount());
    }

    @Test
    void theCounterDecays() throws Exception {
        FloodDetector d = detector(100, 2);
        InetSocketAddress s = src("203.0.113.7");
        send(d, s, 150, 1); // 150 in one second: level ~ 117, under the 200 that means a flood
        clock.advance(Duration.ofSeconds(10)); // five time constants: nearly nothing left
        send(d, s, 150, 1);
        assertEquals(0, sink.events.size());
        send(d, s, 300, 1); // but a sustained 300/s does cross it
        assertEquals(1, sink.events.size());
    }

    @Test
    void aShortBurstIsNotAFlood() throws Exception {
        FloodDetector d = detector(100, 2);
        send(d, src("203.0.113.8"), 150, 0.01); // 150 packets within 10 ms: under threshold x window
        assertEquals(0, sink.events.size());
    }

    @Test
    void sourcesAreCountedApart() throws Exception {
        FloodDetector d = detector(50, 1);
        for (int i = 1; i <= 20; i++) {
            send(d, src("198.51.100." + i), 40, 1); // each under 50/s, together 800/s
        }
        assertEquals(0, sink.events.size());
    }

    @Test
    void disabledDetectorReportsNothing() throws Exception {
        FloodDetector d = new FloodDetector(Configs.of(FloodDetector.Config.class, "enabled", false), clock);
        d.addSink(sink);
        send(d, src("203.0.113.9"), 10_000, 1);
        assertEquals(0, sink.events.size());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> detector(0, 2));
        assertThrows(IllegalArgumentException.class, () -> detector(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new FloodDetector(
                Configs.of(FloodDetector.Config.class, "table_slots", 100), clock));
        assertEquals(131_072L * 40, new FloodDetector(Configs.of(FloodDetector.Config.class), clock).memoryBytes());
    }

    private static InetSocketAddress src(String a) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(a), 5060);
    }
}
