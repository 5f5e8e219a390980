package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.StoredSecurityEvent;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event store on a real H2 database: writing, retention, the queue and stopping. */
class H2SecurityEventStoreTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    private H2SecurityEventStore open(Duration flush, int capacity) {
        H2SecurityEventStore s = new H2SecurityEventStore(dir, flush, capacity, 1_000_000, 90);
        opened.add(s);
        return s;
    }

    private H2SecurityEventStore open() {
        return open(Duration.ofMillis(50), 10_000);
    }

    /** A store whose clock stands still at {@code now}, without the periodic prune. */
    private H2SecurityEventStore openAt(Instant now, int maxRows, int maxDays) {
        H2SecurityEventStore s = new H2SecurityEventStore(
                new StoreSettings(dir, Duration.ofMillis(50), 1000, maxRows, maxDays, 100_000),
                Clock.fixed(now, ZoneOffset.UTC), null, null);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SecurityEvent event(String kind, Severity severity, String source, Instant at, String evidence) {
        return new SecurityEvent(kind.startsWith("network.") ? ThreatLevel.NETWORK : ThreatLevel.APPLICATION, kind,
                severity, source == null ? null : ip(source), source == null ? 0 : 5060, TransportProtocol.UDP,
                Zone.OUTSIDE, null, at, evidence);
    }

    @Test
    void aRaisedEventComesBackWithEveryFieldItsIdAndItsCallId() {
        H2SecurityEventStore s = open();
        String evidence = "forged BYE [dialog-guard: rejected 481]\r\nBYE sip:100@pbx SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-1\r\nCall-ID: a84b4c76e66710@pc33\r\n\r\n";
        SecurityEvent raised = new SecurityEvent(ThreatLevel.APPLICATION, "sip.dialog-forgery", Severity.HIGH,
                ip("2001:db8:0:0:0:0:0:7"), 5070, TransportProtocol.TLS, Zone.OUTSIDE, "sip:100@pbx", T0, evidence);
        s.raise(raised);
        s.flush();
        List<StoredSecurityEvent> all = s.list(SecurityEventQuery.newest(10));
        assertEquals(1, all.size());
        StoredSecurityEvent e = all.get(0);
        assertTrue(e.id() > 0);
        assertEquals(new StoredSecurityEvent(e.id(), ThreatLevel.APPLICATION, "sip.dialog-forgery", Severity.HIGH,
                "2001:db8::7", 5070, TransportProtocol.TLS, Zone.OUTSIDE, "sip:100@pbx", T0, evidence,
                "a84b4c76e66710@pc33"), e);
        assertEquals(StoredSecurityEvent.of(e.id(), raised), e);
        assertEquals(Optional.of(e), s.find(e.id()));
        assertEquals(1, s.getQueued());
        assertEquals(1, s.getWritten());
        assertEquals(0, s.getDropped() + s.getFailed());
    }

    @Test
    void anEventAboutTheApplianceItselfHasNoSourceTransportOrZone() {
        H2SecurityEventStore s = open();
        s.raise(new SecurityEvent(ThreatLevel.NETWORK, "network.enforcement-failed", Severity.HIGH, null, 0, null,
                null, null, T0, "nft: command not found"));
        s.raise(null); // ignored, never thrown
        s.flush();
        StoredSecurityEvent e = s.list(SecurityEventQuery.newest(1)).get(0);
        assertNull(e.source());
        assertNull(e.transport());
        assertNull(e.zone());
        assertNull(e.target());
        assertNull(e.callId());
        assertEquals(1, s.count());
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        H2SecurityEventStore s = open();
        s.raise(event("sip.scanner", Severity.MEDIUM, "192.0.2.1", T0, "sipvicious"));
        s.flush();
        long id = s.list(SecurityEventQuery.newest(1)).get(0).id();
        assertTrue(s.find(id).isPresent());
        assertEquals(Optional.empty(), s.find(id + 1));
        assertEquals(Optional.empty(), s.find(0));
        assertEquals(Optional.empty(), s.find(-5));
    }

    @Test
    void retentionDeletesEventsOlderThanTheMaximumAge() {
        Instant now = T0.plus(Duration.ofDays(100));
        H2SecurityEventStore s = openAt(now, 1000, 30);
        for (int day = 0; day <= 100; day += 10) {
            s.raise(event("network.flood", Severity.MEDIUM, "192.0.2.9", T0.plus(Duration.ofDays(day)), "day " + day));
        }
        s.flush();
        assertEquals(11, s.count());
        // 30 days before now is day 70: days 0 to 60 go, day 70 (exactly at the cutoff) stays.
        assertEquals(7, s.prune());
        List<String> left = s.list(SecurityEventQuery.newest(100)).stream().map(StoredSecurityEvent::evidence)
                .toList();
        assertEquals(List.of("day 100", "day 90", "day 80", "day 70"), left);
        assertEquals(0, s.prune());
        assertEquals(7, s.getPruned());
    }

    @Test
    void retentionKeepsTheLatestStoredRowsUpToTheMaximumInSlices() {
        H2SecurityEventStore s = openAt(T0, 1000, 3650);
        int n = 2 * SecurityEventSql.DELETE_SLICE + 1234;
        for (int i = 0; i < n; i++) {
            s.raise(event("sip.malformed", Severity.LOW, "192.0.2.9", T0.minusSeconds(n - i), "event " + i));
        }
        s.flush();
        assertEquals(n, s.getWritten());
        assertEquals(n - 1000, s.prune());
        assertEquals(1000, s.count());
        List<StoredSecurityEvent> left = s.list(SecurityEventQuery.newest(500));
        assertEquals("event " + (n - 1), left.get(0).evidence());
        long oldestKept = s.page(SecurityEventQuery.newest(500).startingAfter(left.get(499).cursor())).items()
                .get(499).id();
        assertEquals("event " + (n - 1000), s.find(oldestKept).orElseThrow().evidence());
        assertEquals(0, s.prune());
    }

    @Test
    void thePeriodicPruneRunsByItself() throws InterruptedException {
        H2SecurityEventStore s = new H2SecurityEventStore(
                new StoreSettings(dir, Duration.ofMillis(50), 1000, 1000, 90, 100_000), Clock.systemUTC(),
                Duration.ofMillis(10), Duration.ofMillis(50));
        opened.add(s);
        Instant now = Instant.now();
        for (int i = 0; i < 1500; i++) {
            s.raise(event("sip.scanner", Severity.LOW, "192.0.2.3", now, "scan " + i));
        }
        s.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.getPruned() < 500) {
            assertTrue(System.nanoTime() < deadline, "not pruned after 10 s: " + s.count());
            Thread.sleep(20);
        }
        assertEquals(1000, s.count());
        assertEquals(500, s.getPruned());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        H2SecurityEventStore s = open(Duration.ofMillis(50), 10);
        int n = 20_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.raise(event("network.flood", Severity.MEDIUM, "192.0.2.77", T0, "flood " + i));
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        s.flush();
        assertTrue(s.getDropped() > 0, "a queue of 10 should overflow");
        assertEquals(n, s.getQueued() + s.getDropped());
        assertEquals(s.getQueued(), s.getWritten());
        assertEquals(s.getWritten(), s.count());
        assertTrue(ms < 5_000, "raising took " + ms + " ms");
    }

    @Test
    void aCleanStopDrainsTheQueueAndTheEventsSurviveReopening() {
        // A long flush interval keeps everything in memory until close() drains it.
        H2SecurityEventStore s = open(Duration.ofMillis(1000), 100_000);
        for (int i = 0; i < 5_000; i++) {
            s.raise(event("sip.brute-force", Severity.HIGH, "198.51.100." + (i % 200), T0.plusMillis(i), "try " + i));
        }
        s.close(); // no flush(): a clean stop must drain by itself
        assertEquals(5_000, s.getWritten());
        assertEquals(0, s.getDropped());
        assertEquals(0, s.getPending());

        H2SecurityEventStore again = open();
        assertEquals(5_000, again.count());
        assertEquals("try 4999", again.list(SecurityEventQuery.newest(1)).get(0).evidence());
    }

    @Test
    void afterCloseEventsAreDroppedAndQueriesFail() {
        H2SecurityEventStore s = open();
        s.close();
        s.close(); // idempotent
        s.raise(event("sip.scanner", Severity.LOW, "192.0.2.1", T0, "late"));
        assertEquals(1, s.getDropped());
        s.flush(); // returns at once
        assertThrows(IllegalStateException.class, () -> s.list(SecurityEventQuery.newest(1)));
        assertThrows(IllegalStateException.class, () -> s.find(1));
        assertThrows(IllegalStateException.class, s::prune);
    }

    @Test
    void sharesTheDatabaseWithCallRecordsAndTheAdminStore() {
        H2CallRecordStore calls = new H2CallRecordStore(dir, Duration.ofMillis(50), 100);
        opened.add(calls);
        H2AdminStore admin = new H2AdminStore(dir);
        opened.add(admin);
        H2SecurityEventStore events = open();
        calls.callStarted("c1", "inbound", "a", "b", "UDP", "UDP", T0);
        events.raise(event("sip.scanner", Severity.LOW, "192.0.2.1", T0, "friendly-scanner\nCall-ID: c1"));
        calls.flush();
        events.flush();
        calls.close();
        assertEquals("c1", events.list(SecurityEventQuery.newest(1)).get(0).callId());
        assertEquals(1, events.count());
    }
}
