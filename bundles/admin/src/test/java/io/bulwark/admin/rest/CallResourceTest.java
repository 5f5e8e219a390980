package io.bulwark.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.store.H2CallRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /call-records} on the real store: the JSON of a record, each leg's media among it. */
class CallResourceTest {

    private static final Instant T0 = Instant.parse("2026-11-27T07:00:00Z");
    private static final String SRTP = "AES_CM_128_HMAC_SHA1_80";

    @TempDir
    Path dir;

    @Test
    void recordsCarryEachLegsMediaAndNullWhereItWasNotAnchored() throws Exception {
        RuntimeView runtime = new RuntimeView();
        try (H2CallRecordStore store = new H2CallRecordStore(dir, Duration.ofMillis(50), 1000)) {
            runtime.callRecords(store);
            store.callStarted("srtp", "inbound", "sip:+4930123@trunk", "sip:200@pbx", "TLS", "UDP", T0);
            store.callAnswered("srtp", T0.plusSeconds(3));
            store.callMedia("srtp", SRTP + ",AEAD_AES_256_GCM", "RTP");
            store.callEnded("srtp", "bye-caller", T0.plusSeconds(63));
            store.callStarted("plain", "outbound", "sip:201@pbx", "sip:+1555@trunk", "UDP", "UDP", T0.plusSeconds(10));
            store.flush();

            CallResource.CallRecordPageView page = new CallResource(runtime).records("50", null, null);
            assertEquals(2, page.total());
            assertEquals(List.of(
                    new CallResource.CallRecordView("plain", "outbound", "sip:201@pbx", "sip:+1555@trunk", "UDP", "UDP",
                            T0.plusSeconds(10).toString(), null, null, null, null, null),
                    new CallResource.CallRecordView("srtp", "inbound", "sip:+4930123@trunk", "sip:200@pbx", "TLS", "UDP",
                            T0.toString(), T0.plusSeconds(3).toString(), T0.plusSeconds(63).toString(), "bye-caller",
                            SRTP + ",AEAD_AES_256_GCM", "RTP")), page.items());

            ObjectMapper json = AdminApiComponent.objectMapper();
            JsonNode items = json.readTree(json.writeValueAsString(page)).get("items");
            List<String> fields = new ArrayList<>();
            items.get(0).fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("callId", "direction", "caller", "callee", "outsideTransport", "insideTransport",
                    "startedAt", "answeredAt", "endedAt", "endReason", "outsideMedia", "insideMedia"), fields);
            // Not anchored is an explicit null, not a missing field.
            assertTrue(items.get(0).get("outsideMedia").isNull());
            assertTrue(items.get(0).get("insideMedia").isNull());
            assertEquals(SRTP + ",AEAD_AES_256_GCM", items.get(1).get("outsideMedia").asText());
            assertEquals("RTP", items.get(1).get("insideMedia").asText());
        }
    }

    @Test
    void withoutTheStoreTheRecordsAre503() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> new CallResource(new RuntimeView()).records("50", null, null));
        assertEquals(503, e.problem().status());
    }
}
