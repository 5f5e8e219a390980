package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.store.CallRecord;
import io.bulwark.store.schema.Migrations;
import io.bulwark.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code callMedia}: each leg's media encryption on the call record, and the V4 migration that added it. */
class CallRecordMediaTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.5Z");
    private static final String SRTP = "AES_CM_128_HMAC_SHA1_80";
    private static final String GCM = "AEAD_AES_256_GCM";

    @TempDir
    Path dir;

    private final List<H2CallRecordStore> opened = new ArrayList<>();

    private H2CallRecordStore open(Duration flush) {
        H2CallRecordStore s = new H2CallRecordStore(dir, flush, 100_000);
        opened.add(s);
        return s;
    }

    private H2CallRecordStore open() {
        return open(Duration.ofMillis(100));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(H2CallRecordStore::close);
    }

    private static void start(H2CallRecordStore s, String id, Instant at) {
        s.callStarted(id, "inbound", "sip:alice@example.com", "sip:+4930123@trunk.example", "TLS", "UDP", at);
    }

    @Test
    void mediaIsStoredAndReadBackByFindRecentAndPage() {
        H2CallRecordStore s = open();
        start(s, "m1", T0);
        s.flush(); // the start in one batch, the media in the next
        s.callAnswered("m1", T0.plusSeconds(2));
        s.callMedia("m1", SRTP, "RTP");
        s.flush();

        CallRecord expected = new CallRecord("m1", "inbound", "sip:alice@example.com", "sip:+4930123@trunk.example",
                "TLS", "UDP", T0, T0.plusSeconds(2), null, null, SRTP, "RTP");
        assertEquals(expected, s.find("m1"));
        assertEquals(List.of(expected), s.recent(10));
        assertEquals(List.of(expected), s.page(null, null, 10).items());
        assertEquals(List.of(expected), s.page("alice", null, 10).items());
        assertEquals(3, s.getWritten());
        assertEquals(0, s.getOrphaned() + s.getFailed() + s.getDropped());
    }

    @Test
    void aLaterCallReplacesBothLegsAndKeepsTheRestOfTheRecord() {
        H2CallRecordStore s = open();
        start(s, "re", T0);
        s.callAnswered("re", T0.plusSeconds(1));
        s.callMedia("re", "RTP", "RTP");
        s.flush();
        assertEquals("RTP", s.find("re").outsideMedia());

        // A re-offer moved the trunk leg to SRTP and added a video line that differs.
        s.callMedia("re", SRTP + "," + GCM, "RTP");
        s.callEnded("re", "bye-caller", T0.plusSeconds(30));
        s.flush();
        CallRecord r = s.find("re");
        assertEquals(SRTP + "," + GCM, r.outsideMedia());
        assertEquals("RTP", r.insideMedia());
        assertEquals(T0.plusSeconds(1), r.answered());
        assertEquals("bye-caller", r.endReason());

        // The media no longer anchored: null is written as null.
        s.callMedia("re", null, null);
        s.flush();
        assertNull(s.find("re").outsideMedia());
        assertNull(s.find("re").insideMedia());
        // A repeated start leaves the media alone, as it does the answer and the end.
        s.callMedia("re", GCM, GCM);
        start(s, "re", T0);
        s.flush();
        assertEquals(GCM, s.find("re").insideMedia());
    }

    @Test
    void mediaIsNullWhenNeverWritten() {
        H2CallRecordStore s = open();
        start(s, "plain", T0);
        s.callAnswered("plain", T0.plusSeconds(1));
        s.callEnded("plain", "bye-callee", T0.plusSeconds(5));
        s.flush();
        CallRecord r = s.find("plain");
        assertNull(r.outsideMedia());
        assertNull(r.insideMedia());
        assertEquals(new CallRecord("plain", "inbound", "sip:alice@example.com", "sip:+4930123@trunk.example", "TLS",
                "UDP", T0, T0.plusSeconds(1), T0.plusSeconds(5), "bye-callee"), r);
    }

    @Test
    void mediaRightAfterTheStartInOneBatchLandsAndTheLastOfTwoWins() {
        // A long flush interval keeps every write in one batch; the flush barrier ends it.
        H2CallRecordStore s = open(Duration.ofMillis(1000));
        long commitsBefore = s.getCommits();
        for (int i = 0; i < 100; i++) {
            String id = "b" + i;
            start(s, id, T0.plusMillis(i));
            s.callMedia(id, "RTP", "RTP"); // answered
            s.callAnswered(id, T0.plusSeconds(1));
            s.callMedia(id, SRTP, i % 2 == 0 ? "RTP" : GCM); // re-offer
            s.callEnded(id, "bye-callee", T0.plusSeconds(9));
        }
        s.flush();
        assertEquals(1, s.getCommits() - commitsBefore, "expected a single batch");
        assertEquals(500, s.getWritten());
        assertEquals(0, s.getOrphaned() + s.getFailed());
        for (int i = 0; i < 100; i++) {
            CallRecord r = s.find("b" + i);
            assertEquals(SRTP, r.outsideMedia(), r.callId());
            assertEquals(i % 2 == 0 ? "RTP" : GCM, r.insideMedia(), r.callId());
            assertEquals("bye-callee", r.endReason());
        }
    }

    @Test
    void tooLongValuesAreCutWithoutFailingTheBatch() {
        H2CallRecordStore s = open(Duration.ofMillis(1000));
        int max = Migrations.CALL_MEDIA_LENGTH;
        // Every suite the relay knows and RTP last: 201 characters, one more than the column.
        List<String> suites = List.of("AES_CM_128_HMAC_SHA1_32", SRTP, "AES_256_CM_HMAC_SHA1_80",
                "AES_256_CM_HMAC_SHA1_32", "AES_192_CM_HMAC_SHA1_80", "AES_192_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM", GCM,
                "F8_128_HMAC_SHA1_80");
        String many = String.join(",", suites) + ",RTP";
        assertEquals(max + 1, many.length());
        String junk = "X".repeat(5_000);
        start(s, "long", T0);
        start(s, "neighbour", T0);
        s.callMedia("long", many, junk);
        s.callMedia("neighbour", SRTP, "RTP");
        s.flush();

        assertEquals(0, s.getFailed(), "a long value must not fail a write");
        assertEquals(4, s.getWritten());
        CallRecord r = s.find("long");
        assertTrue(r.outsideMedia().length() <= max, r.outsideMedia());
        // Clear text is never cut away, and no suite name is cut in the middle.
        assertEquals("RTP," + String.join(",", suites.subList(0, 8)), r.outsideMedia());
        assertEquals("X".repeat(max), r.insideMedia());
        assertEquals(SRTP, s.find("neighbour").outsideMedia());
        assertEquals("RTP", s.find("neighbour").insideMedia());
    }

    @Test
    void mediaForAnUnknownCallIsCountedAsOrphan() {
        H2CallRecordStore s = open();
        s.callMedia("ghost", SRTP, "RTP");
        s.flush();
        assertEquals(1, s.getOrphaned());
        assertEquals(0, s.count());
    }

    @Test
    void aCleanStopLosesNoMediaWrite() {
        H2CallRecordStore s = open(Duration.ofMillis(500));
        for (int i = 0; i < 2_000; i++) {
            start(s, "call-" + i, T0.plusMillis(i));
            s.callMedia("call-" + i, i % 3 == 0 ? "RTP" : SRTP, "RTP");
        }
        s.close(); // no flush(): a clean stop must drain by itself
        assertEquals(4_000, s.getWritten());
        assertEquals(0, s.getDropped());

        H2CallRecordStore again = open();
        assertEquals(2_000, again.count());
        for (int i = 0; i < 2_000; i++) {
            CallRecord r = again.find("call-" + i);
            assertEquals(i % 3 == 0 ? "RTP" : SRTP, r.outsideMedia(), r.callId());
            assertEquals("RTP", r.insideMedia(), r.callId());
        }
    }

    @Test
    void aVersion3DatabaseIsMigratedOnStartAndItsRecordsReadWithNullMedia() throws Exception {
        // A database as the previous release left it: schema V3, one finished call.
        try (Connection c = new H2Database(dir).connect()) {
            assertEquals(3, new SchemaMigrator(List.of(Migrations.V1_CALL_RECORD, Migrations.V2_ADMIN,
                    Migrations.V3_SECURITY_EVENT)).migrate(c));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_record (call_id, direction, caller,"
                    + " callee, outside_transport, inside_transport, started, answered, ended, end_reason)"
                    + " VALUES ('old', 'outbound', 'sip:pbx@x', 'sip:+1555@trunk', 'UDP', 'TCP', ?, ?, ?, 'bye-caller')")) {
                ps.setObject(1, T0);
                ps.setObject(2, T0.plusSeconds(1));
                ps.setObject(3, T0.plusSeconds(60));
                ps.executeUpdate();
            }
        }

        H2CallRecordStore s = open();
        assertEquals(new CallRecord("old", "outbound", "sip:pbx@x", "sip:+1555@trunk", "UDP", "TCP", T0,
                T0.plusSeconds(1), T0.plusSeconds(60), "bye-caller", null, null), s.find("old"));
        assertEquals(1, s.recent(5).size());
        start(s, "new", T0.plusSeconds(120));
        s.callMedia("new", SRTP, "RTP");
        s.flush();
        assertEquals(SRTP, s.find("new").outsideMedia());
        assertNull(s.find("old").insideMedia());
        try (Connection c = new H2Database(dir).connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertEquals(4, rs.getInt(1));
        }
    }
}
