package io.bulwark.store;

import static io.bulwark.store.H2SecurityEventStoreTest.T0;
import static io.bulwark.store.H2SecurityEventStoreTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventCursor;
import io.bulwark.api.store.SecurityEventPage;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.StoredSecurityEvent;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters and keyset paging of stored security events. */
class SecurityEventQueryTest {

    private static final String[] KINDS = {"network.flood", "sip.malformed", "sip.scanner", "sip.brute-force",
        "sip.brute-force-user"};
    private static final String[] SOURCES = {"192.0.2.10", "198.51.100.20", "2001:db8::30"};

    @TempDir
    Path dir;

    private H2SecurityEventStore store;
    private final List<SecurityEvent> raised = new ArrayList<>();

    @BeforeEach
    void fill() {
        store = new H2SecurityEventStore(dir, Duration.ofMillis(50), 10_000, 1_000_000, 90);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7)); // the order of insertion must not matter
        for (int i : order) {
            // Two events per instant, so the id has to break ties in the order.
            SecurityEvent e = new SecurityEvent(
                    KINDS[i % KINDS.length].startsWith("network.") ? ThreatLevel.NETWORK : ThreatLevel.APPLICATION,
                    KINDS[i % KINDS.length], Severity.values()[(i / 5) % Severity.values().length],
                    H2SecurityEventStoreTest.ip(SOURCES[i % SOURCES.length]), 5060, TransportProtocol.UDP,
                    Zone.OUTSIDE, i % 10 == 0 ? "sip:Ext" + i + "@pbx" : null, T0.plusSeconds(i / 2),
                    "event number " + i + (i % 25 == 0 ? " from Friendly-Scanner" : ""));
            raised.add(e);
            store.raise(e);
        }
        SecurityEvent odd = event("sip.policy", Severity.INFO, null, T0.minusSeconds(1), "odd 100%_match");
        raised.add(odd);
        store.raise(odd);
        store.flush();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SecurityEventQuery query(ThreatLevel level, String kind, Severity min, String source, String text,
            Instant since, Instant until) {
        return new SecurityEventQuery(level, kind, min, source, text, since, until, 500, null);
    }

    /** Checks that the store returns exactly the raised events the predicate selects, newest first. */
    private void assertSelects(SecurityEventQuery q, Predicate<SecurityEvent> expected) {
        List<StoredSecurityEvent> got = store.list(q);
        List<String> wanted = raised.stream().filter(expected).map(SecurityEvent::evidence).sorted().toList();
        assertEquals(wanted, got.stream().map(StoredSecurityEvent::evidence).sorted().toList(), q.toString());
        assertEquals(wanted.size(), store.count(q), q.toString());
        for (int i = 1; i < got.size(); i++) {
            StoredSecurityEvent a = got.get(i - 1);
            StoredSecurityEvent b = got.get(i);
            assertTrue(a.time().isAfter(b.time()) || (a.time().equals(b.time()) && a.id() > b.id()),
                    "newest first: " + a + " then " + b);
        }
    }

    @Test
    void eachFilterSelectsExactlyWhatItSays() {
        assertSelects(query(ThreatLevel.NETWORK, null, null, null, null, null, null),
                e -> e.level() == ThreatLevel.NETWORK);
        assertSelects(query(null, "sip.brute-force", null, null, null, null, null),
                e -> e.kind().equals("sip.brute-force"));
        assertSelects(query(null, "network.", null, null, null, null, null), e -> e.kind().startsWith("network."));
        assertSelects(query(null, null, Severity.HIGH, null, null, null, null),
                e -> e.severity().compareTo(Severity.HIGH) >= 0);
        assertSelects(query(null, null, null, "198.51.100.20", null, null, null),
                e -> e.source() != null && e.source().getHostAddress().equals("198.51.100.20"));
        // Any spelling of an IPv6 address finds the canonical one.
        assertSelects(query(null, null, null, "2001:DB8:0:0:0:0:0:30", null, null, null),
                e -> e.source() != null && e.source().getHostAddress().equals("2001:db8:0:0:0:0:0:30"));
        // Text: evidence or target, ignoring case.
        assertSelects(query(null, null, null, null, "FRIENDLY-scanner", null, null),
                e -> e.evidence().contains("Friendly-Scanner"));
        assertSelects(query(null, null, null, null, "ext120@", null, null),
                e -> e.target() != null && e.target().equals("sip:Ext120@pbx"));
        Instant since = T0.plusSeconds(10);
        Instant until = T0.plusSeconds(20);
        assertSelects(query(null, null, null, null, null, since, null), e -> !e.time().isBefore(since));
        assertSelects(query(null, null, null, null, null, null, until), e -> e.time().isBefore(until));
        assertSelects(query(null, null, null, null, null, since, until),
                e -> !e.time().isBefore(since) && e.time().isBefore(until));
        assertSelects(query(null, "sip.", Severity.MEDIUM, "192.0.2.10", null, since, null),
                e -> e.kind().startsWith("sip.") && e.severity().compareTo(Severity.MEDIUM) >= 0
                        && e.source() != null && e.source().getHostAddress().equals("192.0.2.10")
                        && !e.time().isBefore(since));
    }

    @Test
    void aKindPrefixMatchesWholeWordsOnlyAndAnExactKindNoLongerOnes() {
        assertEquals(200, store.count(query(null, "sip.", null, null, null, null, null)) - 1);
        assertEquals(50, store.count(query(null, "sip.brute-force", null, null, null, null, null)));
        assertEquals(100, store.count(query(null, "sip.brute-force", null, null, null, null, null))
                + store.count(query(null, "sip.brute-force-user", null, null, null, null, null)));
        assertEquals(0, store.count(query(null, "si.", null, null, null, null, null)));
    }

    @Test
    void likeWildcardsInTheTextAreLiteral() {
        List<StoredSecurityEvent> hits = store.list(query(null, null, null, null, "100%_", null, null));
        assertEquals(1, hits.size());
        assertEquals("odd 100%_match", hits.get(0).evidence());
        assertNull(hits.get(0).source());
        assertEquals(0, store.count(query(null, null, null, null, "%%", null, null)));
        assertEquals(251, store.count(query(null, null, null, null, null, null, null)));
    }

    @Test
    void pagesWalkEveryEventOnceNewestFirstEvenWhileNewOnesArrive() {
        List<Long> seen = new ArrayList<>();
        SecurityEventQuery q = new SecurityEventQuery(null, null, null, null, null, null, null, 40, null);
        SecurityEventCursor cursor = null;
        int pages = 0;
        do {
            SecurityEventPage page = store.page(q.startingAfter(cursor));
            page.items().forEach(e -> seen.add(e.id()));
            cursor = page.next();
            pages++;
            // Newer events stored meanwhile land before the cursor and shift nothing.
            store.raise(event("sip.scanner", Severity.LOW, "203.0.113.1", T0.plusSeconds(1000 + pages), "late"));
            store.flush();
        } while (cursor != null);
        assertEquals(251, seen.size());
        assertEquals(251, seen.stream().distinct().count());
        assertEquals(7, pages);
        StoredSecurityEvent first = store.find(seen.get(0)).orElseThrow();
        assertEquals(T0.plusSeconds(124), first.time());
        assertTrue(first.evidence().startsWith("event number 249") || first.evidence().startsWith("event number 248"));
        StoredSecurityEvent second = store.find(seen.get(1)).orElseThrow();
        assertEquals(first.time(), second.time());
        assertTrue(first.id() > second.id(), "ties broken by id, higher first");
        assertEquals("odd 100%_match", store.find(seen.get(250)).orElseThrow().evidence());
    }

    @Test
    void filteredPagesWalkEveryMatchOnce() {
        SecurityEventQuery q = new SecurityEventQuery(null, "sip.", Severity.LOW, null, null, null, null, 7, null);
        List<Long> seen = new ArrayList<>();
        SecurityEventPage page = store.page(q);
        while (true) {
            page.items().forEach(e -> seen.add(e.id()));
            if (page.next() == null) {
                break;
            }
            assertEquals(7, page.items().size());
            page = store.page(q.startingAfter(page.next()));
        }
        long expected = raised.stream().filter(e -> e.kind().startsWith("sip.")
                && e.severity().compareTo(Severity.LOW) >= 0).count();
        assertEquals(expected, seen.size());
        assertEquals(expected, seen.stream().distinct().count());
        assertEquals(expected, store.count(q.startingAfter(new SecurityEventCursor(T0, 1))), "count ignores the cursor");
    }

    @Test
    void aLastPageHasNoCursor() {
        SecurityEventPage all = store.page(SecurityEventQuery.newest(500));
        assertEquals(251, all.items().size());
        assertNull(all.next());
        SecurityEventPage exact = store.page(new SecurityEventQuery(ThreatLevel.NETWORK, null, null, null, null, null,
                null, 50, null));
        assertEquals(50, exact.items().size());
        assertNull(exact.next(), "exactly a full page: nothing follows");
    }

    @Test
    void theQueryChecksEveryFieldNamingIt() {
        String[][] bad = {
            {"limit", "0"}, {"limit", "501"}, {"kind", "SIP.scanner"}, {"kind", "sip"}, {"kind", "sip.."},
            {"kind", ".sip."}, {"kind", "sip.%"}, {"source", "pbx.example.com"}, {"source", "10.0.0.0/8"},
            {"source", "192.0.2.1/32"}, {"source", "010.1.1.1"}, {"text", "x".repeat(201)}, {"until", ""},
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SecurityEventQuery(
                    null, b[0].equals("kind") ? b[1] : null, null, b[0].equals("source") ? b[1] : null,
                    b[0].equals("text") ? b[1] : null, b[0].equals("until") ? T0 : null,
                    b[0].equals("until") ? T0.minusNanos(1) : null, b[0].equals("limit") ? Integer.parseInt(b[1]) : 1,
                    null), String.join(" ", b));
            assertTrue(e.getMessage().startsWith(b[0] + " "), e.getMessage());
        }
        SecurityEventQuery ok = new SecurityEventQuery(null, " sip.brute-force. ", null, " 2001:DB8::0:7 ", "  ",
                T0, T0, 500, null);
        assertEquals("sip.brute-force.", ok.kind());
        assertTrue(ok.isKindPrefix());
        assertEquals("2001:db8::7", ok.source());
        assertNull(ok.text());
        assertEquals("1.2.3.4", new SecurityEventQuery(null, "", null,
                "::ffff:1.2.3.4", null, null, null, 1, null).source(), "mapped IPv4 is IPv4");
        assertNull(new SecurityEventQuery(null, "  ", null, null, null, null, null, 1, null).kind());
    }
}
