package io.bulwark.sipproxy.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds arbitrary bytes to decode (whose one-pass and two-pass paths must agree), validate, response
 * building and encode / re-decode. The build
 * sets {@code JAZZER_FUZZ=1}: the seeds (the 49 RFC 4475 messages and past findings in
 * {@code src/test/resources/io/bulwark/sipproxy/codec/SipDecoderFuzzTestInputs/decodeValidateEncode/})
 * replay first, then coverage-guided fuzzing runs for maxDuration. Without it only the seeds run.
 */
public class SipDecoderFuzzTest {


    private final SipMessageDecoder decoder = new SipMessageDecoder();
    /** Re-encoding writes long names and adds Content-Length, so a message at a limit may grow a little. */
    private final SipMessageDecoder roomy = new SipMessageDecoder(new SipDecoderConfig(1 << 20, 1024, 1 << 16, 1 << 20));
    private final SipMessageValidator validator = new SipMessageValidator();

    @FuzzTest(maxDuration = "15s")
    void decodeValidateEncode(byte[] data) {
        for (boolean datagram : new boolean[] {true, false}) {
            DecodeResult r = decoder.decode(data, 0, data.length, datagram);
            assertNotNull(r);
            assertTrue(r.consumed() >= 0 && r.consumed() <= data.length, r.toString());
            OnePassDecodeTest.assertSameOutcome(decoder, data, 0, data.length, datagram);
            if (r.ok()) {
                exercise(r.message(), datagram);
            } else if (!r.incomplete()) {
                assertNotNull(r.errorReason());
                SipMessageImpl resp = SipResponses.reject(r, "fz");
                if (resp != null) {
                    assertTrue(roomy.decode(resp.encode(), datagram).ok());
                }
            }
        }
    }

    private void exercise(SipMessageImpl m, boolean datagram) {
        ValidationResult v = validator.validate(m);
        assertNotNull(v);
        for (String name : m.headerNames()) {
            m.headers(name);
            m.header(name);
        }
        m.topVia();
        m.fromTag();
        m.toTag();
        m.cseq();
        m.cseqMethod();
        m.maxForwards();
        m.callId();
        m.method();
        byte[] once = m.encode();
        DecodeResult again = roomy.decode(once, 0, once.length, datagram);
        assertTrue(again.ok(), again.toString());
        assertEquals(once.length, again.consumed());
        assertArrayEquals(once, again.message().encode());
        assertArrayEquals(m.body(), again.message().body());
        assertEquals(v.status(), validator.validate(again.message()).status());
        SipMessageImpl resp = SipResponses.reject(m, v, "fz");
        if (resp != null) {
            assertTrue(roomy.decode(resp.encode(), datagram).ok());
        }
        SipMessageImpl copy = m.copy();
        if (copy.removeFirstValue("Via") != null) {
            assertTrue(roomy.decode(copy.encode(), datagram).ok());
        }
    }
}
