package io.bulwark.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.admin.events.EventHistory;
import io.bulwark.admin.problem.FieldError;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventCursor;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.transport.TransportProtocol;
import io.bulwark.api.transport.Zone;
import io.bulwark.store.H2SecurityEventStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query parameters of {@code GET /events} and {@code GET /events/{id}}, and the answers. */
class EventResourceTest {

    private static final Instant T0 = Instant.parse("2026-11-27T07:00:00Z");

    @TempDir
    Path dir;

    /** Calls the parser with the defaults of the resource and the given parameters. */
    private static SecurityEventQuery parse(Map<String, String> p) {
        return EventResource.parseQuery(p.get("level"), p.get("kind"), p.get("severity"), p.get("source"), p.get("q"),
                p.get("since"), p.get("until"), p.getOrDefault("limit", "50"), p.get("before"));
    }

    private static FieldError problem(org.junit.jupiter.api.function.Executable call) {
        ProblemException e = assertThrows(ProblemException.class, call);
        assertEquals(400, e.problem().status());
        assertEquals(1, e.problem().errors().size());
        return e.problem().errors().get(0);
    }

    @Test
    void eachBadParameterIsA400NamingIt() {
        String[][] cases = {
            {"level", "SIP", "options"},
            {"kind", "sip", "pattern"},
            {"kind", "sip..x", "pattern"},
            {"kind", "sip.%", "pattern"},
            {"severity", "urgent", "options"},
            {"source", "pbx.example.com", "pattern"},
            {"source", "192.0.2.0/24", "pattern"},
            {"source", "192.0.2.1/32", "pattern"},
            {"q", "x".repeat(201), "max"},
            {"since", "yesterday", "type"},
            {"since", "2026-11-27T07:00:00", "type"},
            {"until", "2026-13-01T00:00:00Z", "type"},
            {"limit", "0", "range"},
            {"limit", "501", "range"},
            {"limit", "ten", "range"},
            {"before", "garbage!", "pattern"},
        };
        for (String[] c : cases) {
            FieldError e = problem(() -> parse(Map.of(c[0], c[1])));
            assertEquals(c[0], e.field(), String.join(" ", c));
            assertEquals(c[2], e.rule(), String.join(" ", c));
        }
        FieldError order = problem(() -> parse(Map.of("since", "2026-11-27T08:00:00Z", "until", "2026-11-27T07:00:00Z")));
        assertEquals("until", order.field());
        assertEquals("min", order.rule());
    }

    @Test
    void cursorsThatThisApiDidNotMakeAreRefused() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        for (String raw : new String[] {"2026-11-27T07:00:00Z", "2026-11-27T07:00:00Z|x", "2026-11-27T07:00:00Z|0",
            "2026-11-27T07:00:00Z|-3", "yesterday|5", "|5"}) {
            String token = b64.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            assertEquals("before", problem(() -> EventResource.decode(token)).field(), raw);
        }
        SecurityEventCursor c = new SecurityEventCursor(Instant.parse("2026-11-27T07:00:00.123456789Z"), 42);
        assertEquals(c, EventResource.decode(EventResource.encode(c)));
        assertNull(EventResource.decode("  "));
    }

    @Test
    void goodParametersBecomeTheQueryBlankOnesAreNoFilter() {
        Map<String, String> p = new HashMap<>();
        p.put("level", "application");
        p.put("kind", " SIP. ");
        p.put("severity", "High");
        p.put("source", "2001:DB8:0::7");
        p.put("q", " friendly ");
        p.put("since", "2026-11-27T08:00:00+01:00");
        p.put("until", "2026-11-27T08:00:00Z");
        p.put("limit", " 500 ");
        SecurityEventQuery q = parse(p);
        assertEquals(new SecurityEventQuery(ThreatLevel.APPLICATION, "sip.", Severity.HIGH, "2001:db8::7", "friendly",
                T0, T0.plusSeconds(3600), 500, null), q);

        Map<String, String> blank = new HashMap<>();
        for (String k : List.of("level", "kind", "severity", "source", "q", "since", "until", "before")) {
            blank.put(k, " ");
        }
        assertEquals(SecurityEventQuery.newest(50), parse(blank));
        assertEquals(SecurityEventQuery.newest(50), parse(Map.of()));
    }

    @Test
    void idsArePositiveWholeNumbers() {
        for (String bad : new String[] {"x", "0", "-1", "1.5", "99999999999999999999", ""}) {
            FieldError e = problem(() -> EventResource.parseId(bad));
            assertEquals("id", e.field(), bad);
            assertEquals("type", e.rule(), bad);
        }
        assertEquals(17, EventResource.parseId(" 17 "));
    }

    @Test
    void withoutTheStoreTheListAndOneEventAre503ButTheSummaryWorks() {
        EventResource r = new EventResource(new EventHistory(), new RuntimeView());
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> r.events(null, null, null, null, null, null, null, "50", null), () -> r.event("1"))) {
            ProblemException e = assertThrows(ProblemException.class, call);
            assertEquals(503, e.problem().status());
        }
        assertEquals(60, r.summary("60").points().size());
        assertEquals("minutes", problem(() -> r.summary("0")).field());
    }

    @Test
    void pagesFromTheRealStoreWalkEveryEventAndOneEventIsFoundOr404() throws Exception {
        RuntimeView runtime = new RuntimeView();
        try (H2SecurityEventStore store = new H2SecurityEventStore(dir, Duration.ofMillis(50), 1000, 1000, 3650)) {
            runtime.securityEvents(store);
            for (int i = 0; i < 23; i++) {
                store.raise(new SecurityEvent(ThreatLevel.APPLICATION, i % 2 == 0 ? "sip.malformed" : "sip.scanner",
                        Severity.MEDIUM, InetAddress.getByName("192.0.2." + (i % 3 + 1)), 5060, TransportProtocol.UDP,
                        Zone.OUTSIDE, null, T0.plusSeconds(i), "malformed " + i + "\nCall-ID: call-" + i));
            }
            store.flush();
            EventResource r = new EventResource(new EventHistory(), runtime);
            List<Long> ids = new ArrayList<>();
            String before = null;
            int pages = 0;
            do {
                EventResource.StoredEventPageView page = r.events(null, "sip.malformed", null, null, null, null, null, "5",
                        before);
                assertEquals(12, page.total());
                page.items().forEach(e -> ids.add(e.id()));
                before = page.nextCursor();
                pages++;
            } while (before != null);
            assertEquals(3, pages);
            assertEquals(12, ids.stream().distinct().count());

            EventResource.StoredEventView newest = r.event(String.valueOf(ids.get(0)));
            assertEquals(new EventResource.StoredEventView(ids.get(0), T0.plusSeconds(22).toString(), "APPLICATION",
                    "sip.malformed", "MEDIUM", "192.0.2.2", 5060, "UDP", "outside", null, "malformed 22\nCall-ID: call-22",
                    "call-22"), newest);
            ProblemException missing = assertThrows(ProblemException.class, () -> r.event("999999"));
            assertEquals(404, missing.problem().status());

            EventResource.StoredEventPageView one = r.events("APPLICATION", null, "medium", "192.0.2.1", "MALFORMED 9",
                    T0.toString(), null, "50", null);
            assertEquals(1, one.total());
            assertEquals("malformed 9\nCall-ID: call-9", one.items().get(0).evidence());
        }
    }
}
