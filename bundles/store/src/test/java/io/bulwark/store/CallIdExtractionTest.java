package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bulwark.api.event.SecurityEvent;
import io.bulwark.api.event.Severity;
import io.bulwark.api.event.ThreatLevel;
import io.bulwark.api.store.SecurityEventQuery;
import io.bulwark.api.store.StoredSecurityEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoredSecurityEvent#callIdIn}: the Call-ID of the message an evidence quotes. */
class CallIdExtractionTest {

    private static final String HEAD = "scanner signature in User-Agent [scanner: dropped, source banned]\r\n"
            + "OPTIONS sip:100@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-5\r\n";

    @TempDir
    Path dir;

    @Test
    void longAndCompactFormsInAnyCaseWithBlanksBeforeTheColon() {
        assertEquals("a84b4c76e66710@pc33.atlanta.example.com",
                StoredSecurityEvent.callIdIn(HEAD + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n"));
        assertEquals("f81d4fae", StoredSecurityEvent.callIdIn(HEAD + "i:f81d4fae\r\n"));
        assertEquals("x1", StoredSecurityEvent.callIdIn(HEAD + "CALL-id \t:   x1   \r\nCSeq: 1 OPTIONS\r\n"));
        assertEquals("y2", StoredSecurityEvent.callIdIn(HEAD + "I : y2\n"));
        assertEquals("bare", StoredSecurityEvent.callIdIn("Call-ID: bare"), "a last line that was not cut");
    }

    @Test
    void theFirstCallIdWinsAndTheBodyIsNotSearched() {
        assertEquals("one", StoredSecurityEvent.callIdIn(HEAD + "Call-ID: one\r\ni: two\r\n\r\n"));
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Content-Type: message/sipfrag\r\n\r\n"
                + "Call-ID: quoted-in-the-body\r\n"));
        // Blank lines before any text do not end the search.
        assertEquals("late", StoredSecurityEvent.callIdIn("\r\n\r\nreason\r\nCall-ID: late\r\n"));
    }

    @Test
    void otherHeadersAndOtherTextAreNotCallIds() {
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Call-Info: <http://x>;purpose=icon\r\n"
                + "Identity: abc\r\nX-Call-ID: spoof\r\n\r\n"));
        assertNull(StoredSecurityEvent.callIdIn("6 malformed messages within 60 s; last: bad Via"
                + " | INVITE sip:100@192.0.2.1 SIP/2.0"));
        assertNull(StoredSecurityEvent.callIdIn(""));
        assertNull(StoredSecurityEvent.callIdIn(null));
        assertNull(StoredSecurityEvent.callIdIn(": no name"));
    }

    @Test
    void emptyBlankOrOverlongValuesAreNotCallIds() {
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Call-ID:\r\n"));
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Call-ID: two words\r\n"));
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Call-ID: bell\u0007\r\n"));
        assertNull(StoredSecurityEvent.callIdIn(HEAD + "Call-ID: " + "x".repeat(257) + "\r\n"));
        assertEquals("x".repeat(256), StoredSecurityEvent.callIdIn(HEAD + "Call-ID: " + "x".repeat(256) + "\r\n"));
    }

    @Test
    void aCallIdLineTheEvidenceWasCutInDoesNotCount() {
        String prefix = HEAD + "Call-ID: ";
        String cut = prefix + "c".repeat(SecurityEvent.MAX_EVIDENCE_LENGTH - prefix.length());
        assertEquals(SecurityEvent.MAX_EVIDENCE_LENGTH, cut.length());
        assertNull(StoredSecurityEvent.callIdIn(cut));
        // What the detector raised was cut by the event itself: the stored event has no Call-ID.
        SecurityEvent e = new SecurityEvent(ThreatLevel.APPLICATION, "sip.scanner", Severity.LOW, null, 0, null, null,
                null, Instant.EPOCH, cut + "ccccc\r\n");
        assertNull(StoredSecurityEvent.of(1, e).callId());
        // A complete line before the cut still counts.
        String whole = HEAD + "Call-ID: whole\r\nUser-Agent: " + "u".repeat(2000);
        assertEquals("whole", StoredSecurityEvent.callIdIn(whole.substring(0, SecurityEvent.MAX_EVIDENCE_LENGTH)));
    }

    @Test
    void theStoreKeepsTheCallIdOfEachEvent() {
        try (H2SecurityEventStore s = new H2SecurityEventStore(dir, Duration.ofMillis(50), 100, 1000, 1)) {
            s.raise(H2SecurityEventStoreTest.event("sip.dialog-forgery", Severity.HIGH, "192.0.2.5", Instant.now(),
                    HEAD.replace("OPTIONS", "BYE") + "i: compact-1@host\r\n\r\n"));
            s.raise(H2SecurityEventStoreTest.event("network.flood", Severity.MEDIUM, "192.0.2.6", Instant.now(),
                    "4000 packets in 1 s"));
            s.flush();
            var events = s.list(SecurityEventQuery.newest(10));
            assertEquals(2, events.size());
            assertEquals(1, events.stream().filter(e -> "compact-1@host".equals(e.callId())).count());
            assertEquals(1, events.stream().filter(e -> e.callId() == null).count());
        }
    }
}
