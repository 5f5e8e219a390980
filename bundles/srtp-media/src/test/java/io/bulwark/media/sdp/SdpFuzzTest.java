package io.bulwark.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Feeds arbitrary bytes to the SDP parser and, when they parse, to everything the media anchor
 * does with an SDP: read every media section's connection and crypto lines, rewrite addresses,
 * ports and protocol, encode, and parse the result again, which must give the same text. The
 * only exception allowed out is {@link SdpException}. Seeds in
 * {@code src/test/resources/io/bulwark/media/sdp/SdpFuzzTestInputs/parseRewriteReparse/}.
 */
public class SdpFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseRewriteReparse(byte[] data) {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(data);
        } catch (SdpException e) {
            assertNotNull(e.field());
            return;
        }
        for (MediaDescription m : sd.media()) {
            try {
                assertNotNull(sd.connectionOf(m));
                m.cryptos();
                m.firstUsableCrypto();
            } catch (SdpException e) {
                assertNotNull(e.field());
            }
            m.direction();
            m.rtcpMux();
            m.port(40000);
            m.connection(Connection.of("192.0.2.1"));
            m.removeAttributes("crypto");
        }
        sd.connection(Connection.of("2001:db8::1"));
        sd.toString();
        String text = sd.toText();
        try {
            SessionDescription again = SessionDescription.parse(text.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(text, again.toText());
        } catch (SdpException e) {
            throw new AssertionError("a rewritten SDP does not parse again: " + e.getMessage() + "\n" + text, e);
        }
    }
}
