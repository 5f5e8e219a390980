package io.bulwark.transport.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Coverage-guided fuzzing of the stream framer with Jazzer: arbitrary bytes, cut into arbitrary
 * reads, must never make the framer throw, emit anything but frames or one final error, or emit a
 * frame that disagrees with its own Content-Length. Seeded with the RFC 4475 corpus. The build sets
 * JAZZER_FUZZ=1, so after the seeds replay it fuzzes for maxDuration; without it only seeds run.
 */
public class SipStreamFramerFuzzTest {


    @FuzzTest(maxDuration = "15s")
    void framesArbitraryStreams(FuzzedDataProvider data) {
        int reads = data.consumeInt(1, 8);
        int[] cuts = new int[reads];
        for (int i = 0; i < reads; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamFramer(new FramingLimits(8192, 64, 2048)));
        int pos = 0;
        for (int i = 0; i < reads && pos < stream.length; i++) {
            int len = i == reads - 1 ? stream.length - pos : Math.min(cuts[i], stream.length - pos);
            ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, len));
            pos += len;
        }
        if (pos < stream.length) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, stream.length - pos));
        }
        boolean failed = false;
        Object o;
        while ((o = ch.readInbound()) != null) {
            assertTrue(!failed, "nothing may follow a framing error");
            if (o instanceof FramingError) {
                failed = true;
            } else {
                byte[] frame = (byte[]) o;
                assertTrue(frame.length <= 8192, "frame over the limit");
                String text = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
                int head = headerEnd(frame);
                assertTrue(head > 0, "a frame has a header section");
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("(?imd)^(?:content-length|l)[ \\t]*:[ \\t]*(\\d+)").matcher(text.substring(0, head));
                if (m.find()) {
                    assertEquals(Long.parseLong(m.group(1)), frame.length - head, "body length = Content-Length");
                }
            }
        }
        ch.finishAndReleaseAll();
    }

    /** @return the length of the header section: up to the LF ending the first empty line */
    private static int headerEnd(byte[] f) {
        int lineStart = 0;
        for (int i = 0; i < f.length; i++) {
            if (f[i] == '\n') {
                int lineEnd = i > lineStart && f[i - 1] == '\r' ? i - 1 : i;
                if (lineEnd == lineStart) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        return -1;
    }
}
