package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bulwark.api.store.CallRecord;
import io.bulwark.api.store.CallRecordCursor;
import io.bulwark.api.store.CallRecordPage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordPagingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private H2CallRecordStore store;

    @BeforeEach
    void fill() {
        store = new H2CallRecordStore(dir, Duration.ofMillis(50), 10_000);
        for (int i = 0; i < 250; i++) {
            // Two calls per instant, so the Call-ID has to break ties in the order.
            store.callStarted(String.format("call-%03d", i), "inbound", "sip:caller" + (i % 7) + "@x",
                    "sip:ext" + i + "@pbx", "UDP", "UDP", T0.plusSeconds(i / 2));
        }
        store.callStarted("odd_%call", "outbound", "sip:Percent@x", "sip:y@z", "TLS", "UDP", T0);
        store.flush();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pagesWalkEveryRecordOnceNewestFirst() {
        List<String> seen = new ArrayList<>();
        CallRecordCursor cursor = null;
        int pages = 0;
        do {
            CallRecordPage page = store.page(null, cursor, 40);
            page.items().forEach(r -> seen.add(r.callId()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        assertEquals(251, seen.size());
        assertEquals(251, seen.stream().distinct().count());
        assertEquals(7, pages);
        assertEquals("call-249", seen.get(0));
        assertEquals("call-248", seen.get(1));
        assertEquals(251, store.count(null));
    }

    @Test
    void textFilterMatchesCallerCalleeOrCallIdCaseInsensitively() {
        CallRecordPage page = store.page("CALLER3", null, 100);
        assertEquals(store.count("caller3"), page.items().size());
        page.items().forEach(r -> assertEquals("sip:caller3@x", r.caller()));
        assertEquals(1, store.count("ext17@"));
        assertEquals("call-017", store.page("ext17@", null, 10).items().get(0).callId());
    }

    @Test
    void likeWildcardsInTheSearchAreLiteral() {
        CallRecordPage page = store.page("_%", null, 10);
        assertEquals(1, page.items().size());
        CallRecord r = page.items().get(0);
        assertEquals("odd_%call", r.callId());
        assertEquals(0, store.count("%%%"));
    }

    @Test
    void lastPageHasNoCursorAndLimitsAreChecked() {
        CallRecordPage all = store.page(null, null, 1000);
        assertEquals(251, all.items().size());
        assertNull(all.next());
        assertThrows(IllegalArgumentException.class, () -> store.page(null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> store.page(null, null, 1001));
    }
}
