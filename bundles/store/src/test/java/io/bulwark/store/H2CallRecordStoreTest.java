package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.store.CallRecord;
import io.bulwark.store.schema.SchemaTooNewException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CallRecordStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    @TempDir
    Path dir;

    private final List<H2CallRecordStore> opened = new ArrayList<>();

    private H2CallRecordStore open(Duration flush, int capacity) {
        H2CallRecordStore s = new H2CallRecordStore(dir, flush, capacity);
        opened.add(s);
        return s;
    }

    private H2CallRecordStore open() {
        return open(Duration.ofMillis(100), 100_000);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(H2CallRecordStore::close);
    }

    private static void start(H2CallRecordStore s, String id, Instant at) {
        s.callStarted(id, "inbound", "sip:alice@example.com", "sip:+4930123@trunk.example",
                "TLS", "UDP", at);
    }

    @Test
    void startAnswerEndRoundTrip() {
        H2CallRecordStore s = open();
        start(s, "c1", T0);
        s.flush();
        assertEquals(new CallRecord("c1", "inbound", "sip:alice@example.com",
                "sip:+4930123@trunk.example", "TLS", "UDP", T0, null, null, null), s.find("c1"));

        s.callAnswered("c1", T0.plusSeconds(2));
        s.callEnded("c1", "bye-caller", T0.plusSeconds(60));
        s.flush();
        assertEquals(new CallRecord("c1", "inbound", "sip:alice@example.com",
                "sip:+4930123@trunk.example", "TLS", "UDP", T0, T0.plusSeconds(2),
                T0.plusSeconds(60), "bye-caller"), s.find("c1"));
        assertEquals(3, s.getQueued());
        assertEquals(3, s.getWritten());
        assertEquals(0, s.getDropped() + s.getFailed() + s.getOrphaned());
    }

    @Test
    void recentIsNewestFirstAndLimited() {
        H2CallRecordStore s = open();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42)); // insertion order must not matter
        for (int i : order) {
            start(s, "c" + i, T0.plusSeconds(i));
        }
        s.flush();
        List<CallRecord> top = s.recent(3);
        assertEquals(List.of("c19", "c18", "c17"), top.stream().map(CallRecord::callId).toList());
        assertEquals(20, s.recent(100).size());
        assertEquals(List.of(), s.recent(0));
        assertEquals(List.of(), s.recent(-5));
    }

    @Test
    void findAndCount() {
        H2CallRecordStore s = open();
        assertEquals(0, s.count());
        assertNull(s.find("nope"));
        assertNull(s.find(null));
        for (int i = 0; i < 5; i++) {
            start(s, "c" + i, T0.plusSeconds(i));
        }
        start(s, "c2", T0.plusSeconds(2)); // a repeated start is the same call
        s.flush();
        assertEquals(5, s.count());
        assertEquals(T0.plusSeconds(3), s.find("c3").started());
    }

    @Test
    void answerAndEndRightAfterStartInOneBatch() {
        // A long flush interval keeps all 300 writes in one batch; the flush barrier ends it.
        H2CallRecordStore s = open(Duration.ofMillis(1000), 100_000);
        long commitsBefore = s.getCommits();
        for (int i = 0; i < 100; i++) {
            start(s, "b" + i, T0);
            s.callAnswered("b" + i, T0.plusSeconds(1));
            s.callEnded("b" + i, "bye-callee", T0.plusSeconds(9));
        }
        s.flush();
        assertEquals(1, s.getCommits() - commitsBefore, "expected a single batch");
        assertEquals(0, s.getOrphaned());
        for (int i = 0; i < 100; i++) {
            CallRecord r = s.find("b" + i);
            assertEquals(T0.plusSeconds(1), r.answered());
            assertEquals(T0.plusSeconds(9), r.ended());
            assertEquals("bye-callee", r.endReason());
        }
    }

    @Test
    void commitsWithinTheFlushIntervalWithoutFlush() throws InterruptedException {
        // A lone write must not wait for a full batch or a flush() to be committed.
        H2CallRecordStore s = open(Duration.ofMillis(200), 100_000);
        long t = System.nanoTime();
        start(s, "lone", T0);
        while (s.find("lone") == null) {
            assertTrue(System.nanoTime() - t < 2_000_000_000L, "not committed after 2 s");
            Thread.sleep(10);
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(ms >= 150, "committed after " + ms + " ms: batching looks bypassed");
    }

    @Test
    void repeatedStartKeepsAnswerAndEnd() {
        H2CallRecordStore s = open();
        start(s, "r", T0);
        s.callAnswered("r", T0.plusSeconds(1));
        s.callEnded("r", "cancel", T0.plusSeconds(2));
        start(s, "r", T0);
        s.flush();
        CallRecord r = s.find("r");
        assertEquals(T0.plusSeconds(1), r.answered());
        assertEquals("cancel", r.endReason());
    }

    @Test
    void updateForUnknownCallIsCountedAsOrphan() {
        H2CallRecordStore s = open();
        s.callAnswered("ghost", T0);
        s.callEnded("ghost", "bye-caller", T0);
        s.flush();
        assertEquals(2, s.getOrphaned());
        assertEquals(0, s.count());
    }

    @Test
    void fullQueueDropsInsteadOfBlocking() {
        H2CallRecordStore s = open(Duration.ofMillis(50), 10);
        int n = 20_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            start(s, "d" + i, T0);
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        s.flush();
        assertTrue(s.getDropped() > 0, "a queue of 10 should overflow");
        assertEquals(n, s.getQueued() + s.getDropped());
        assertEquals(s.getQueued(), s.getWritten());
        assertEquals(s.getWritten(), s.count());
        assertTrue(ms < 5_000, "enqueueing took " + ms + " ms");
    }

    @Test
    void tenThousandCallsSurviveRestart() {
        H2CallRecordStore s = open(Duration.ofMillis(500), 100_000);
        for (int i = 0; i < 10_000; i++) {
            start(s, "call-" + i, T0.plusMillis(i));
            s.callAnswered("call-" + i, T0.plusMillis(i + 1));
            s.callEnded("call-" + i, "bye-caller", T0.plusMillis(i + 2));
        }
        s.close(); // no flush(): a clean stop must drain by itself
        assertEquals(30_000, s.getWritten());
        assertEquals(0, s.getDropped());

        H2CallRecordStore again = open();
        assertEquals(10_000, again.count());
        CallRecord last = again.find("call-9999");
        assertEquals(T0.plusMillis(10_001), last.ended());
        assertEquals("call-9999", again.recent(1).get(0).callId());
        assertNotNull(again.find("call-0").answered());
    }

    @Test
    void afterCloseWritesAreDroppedAndQueriesFail() {
        H2CallRecordStore s = open();
        s.close();
        s.close(); // idempotent
        start(s, "late", T0);
        assertEquals(1, s.getDropped());
        s.flush(); // returns at once
        assertThrows(IllegalStateException.class, s::count);
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws Exception {
        H2CallRecordStore s = open();
        s.close();
        try (Connection c = new H2Database(dir).connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version VALUES (99, CURRENT_TIMESTAMP, 'future')");
        }
        assertThrows(SchemaTooNewException.class, this::open);
        // The refused open must not hold the file: the database can still be opened.
        try (Connection c = new H2Database(dir).connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM schema_version WHERE version = 99");
        }
        assertEquals(0, open().count());
    }
}
