package io.bulwark.admin.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventPage;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.SecurityEventStore;
import io.bulwark.api.store.StoredSecurityEvent;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventsCommandTest {

    private static final StoredSecurityEvent SCAN = new StoredSecurityEvent(7, ThreatLevel.APPLICATION, "sip.scanner",
            Severity.HIGH, "203.0.113.9", 5060, TransportProtocol.UDP, Zone.OUTSIDE, "sip:100@pbx",
            Instant.parse("2026-11-27T07:00:00Z"), "scanner signature in User-Agent " + "x".repeat(300)
                    + "\r\nOPTIONS sip:100@pbx SIP/2.0\r\nCall-ID: abc", "abc");
    private static final StoredSecurityEvent SELF = new StoredSecurityEvent(8, ThreatLevel.NETWORK,
            "network.enforcement-failed", Severity.CRITICAL, null, 0, null, null, null,
            Instant.parse("2026-11-27T07:00:01Z"), "nft\tfailed", null);

    /** Remembers the last query and answers with fixed events. */
    private static final class FakeStore implements SecurityEventStore {
        final List<SecurityEventQuery> queries = new ArrayList<>();

        @Override
        public SecurityEventPage page(SecurityEventQuery query) {
            queries.add(query);
            return new SecurityEventPage(List.of(SELF, SCAN), null);
        }

        @Override
        public Optional<StoredSecurityEvent> find(long id) {
            return Optional.empty();
        }

        @Override
        public long count(SecurityEventQuery query) {
            return 2;
        }
    }

    private static String run(EventsCommand c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesFitTheWidthAndShowTheFirstLineOfTheEvidence() {
        EventsCommand c = new EventsCommand();
        FakeStore store = new FakeStore();
        c.store = store;
        String text = run(c);
        String[] lines = text.split("\\R");
        assertEquals(4, lines.length, text); // header, rule, two events
        for (String line : lines) {
            assertTrue(line.length() <= EventsCommand.DEFAULT_WIDTH, line.length() + ": " + line);
        }
        assertTrue(lines[0].startsWith("Time") && lines[0].contains("Evidence"), lines[0]);
        assertTrue(lines[2].contains("network.enforcement-failed") && lines[2].contains("nft failed"), lines[2]);
        assertTrue(lines[3].contains("203.0.113.9") && lines[3].contains("scanner signature in User-Agent xxx"),
                lines[3]);
        assertTrue(!text.contains("OPTIONS"), "only the first line of the evidence");
        assertEquals(SecurityEventQuery.newest(20), store.queries.get(0));
    }

    @Test
    void optionsBecomeTheQueryAndBadOnesAreExplained() {
        EventsCommand c = new EventsCommand();
        FakeStore store = new FakeStore();
        c.store = store;
        c.kind = "SIP.";
        c.source = "2001:DB8::1";
        c.level = "application";
        c.limit = 5;
        run(c);
        assertEquals(new SecurityEventQuery(ThreatLevel.APPLICATION, "sip.", null, "2001:db8::1", null, null, null, 5,
                null), store.queries.get(0));
        c.limit = 501;
        assertTrue(run(c).startsWith("Invalid option: limit"));
        c.limit = 5;
        c.level = "sip";
        assertTrue(run(c).startsWith("Invalid option: level"));
        c.level = null;
        c.source = "pbx.example.com";
        assertTrue(run(c).startsWith("Invalid option: source"));
        assertEquals(1, store.queries.size());
        c.store = null;
        assertEquals("Security event store not running", run(c).trim());
    }

    @Test
    void aNarrowTerminalStillShowsTheStartOfTheEvidence() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventsCommand.table(List.of(SCAN), 60).print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length);
        assertTrue(lines[2].endsWith(" | " + "scanner signature in User-Agent".substring(0, EventsCommand.MIN_EVIDENCE)),
                lines[2]);
        assertEquals("a b", EventsCommand.firstLine("a\u0001b\nc"));
    }
}
