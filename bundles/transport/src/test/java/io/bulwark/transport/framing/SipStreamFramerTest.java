package io.bulwark.transport.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {

    private static final String BODY = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n";
    private static final String MSG = "INVITE sip:100@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
            + "l: " + BODY.length() + "\r\n\r\n" + BODY;

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new SipStreamFramer(FramingLimits.DEFAULTS));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesOneMessageByCompactContentLength() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes(MSG));
        byte[] frame = ch.readInbound();
        assertArrayEquals(MSG.getBytes(StandardCharsets.ISO_8859_1), frame);
        assertNull(ch.readInbound());
    }

    @Test
    void framesPipelinedMessagesAndPartialReads() {
        EmbeddedChannel ch = channel();
        String two = MSG + MSG;
        for (int i = 0; i < two.length(); i += 7) {
            ch.writeInbound(bytes(two.substring(i, Math.min(two.length(), i + 7))));
        }
        assertEquals(MSG, new String((byte[]) ch.readInbound(), StandardCharsets.ISO_8859_1));
        assertEquals(MSG, new String((byte[]) ch.readInbound(), StandardCharsets.ISO_8859_1));
        assertNull(ch.readInbound());
    }

    @Test
    void answersDoubleCrlfPingWithPong() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("\r\n\r\n"));
        ByteBuf pong = ch.readOutbound();
        assertEquals("\r\n", pong.toString(StandardCharsets.US_ASCII));
        pong.release();
        ch.writeInbound(bytes("\r\n\r\n" + MSG));
        assertTrue(ch.readInbound() instanceof byte[]);
    }

    @Test
    void missingContentLengthIsAFramingError() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n"));
        FramingError e = assertInstanceOf(FramingError.class, ch.readInbound());
        assertTrue(e.reason().contains("Content-Length"), e.reason());
    }

    @Test
    void negativeOrHugeContentLengthIsAFramingError() {
        for (String cl : new String[] {"-5", "99999999999999999999", "12abc", ""}) {
            EmbeddedChannel ch = channel();
            ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: " + cl + "\r\n\r\n"));
            assertInstanceOf(FramingError.class, ch.readInbound(), cl);
        }
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 70000\r\n\r\n"));
        assertInstanceOf(FramingError.class, ch.readInbound());
    }

    @Test
    void conflictingContentLengthsAreAFramingError() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\nl: 4\r\n\r\nabcd"));
        assertInstanceOf(FramingError.class, ch.readInbound());
    }

    @Test
    void enforcesLineHeaderAndSizeLimits() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamFramer(new FramingLimits(1000, 4, 100)));
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nX: " + "a".repeat(200) + "\r\n"));
        assertTrue(((FramingError) ch.readInbound()).reason().contains("max.line.length"));

        ch = new EmbeddedChannel(new SipStreamFramer(new FramingLimits(1000, 4, 100)));
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n"));
        assertTrue(((FramingError) ch.readInbound()).reason().contains("max.header.count"));

        ch = new EmbeddedChannel(new SipStreamFramer(new FramingLimits(200, 100, 100)));
        StringBuilder slow = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        for (int i = 0; i < 30; i++) {
            slow.append("X: 12345\r\n");
        }
        ch.writeInbound(bytes(slow.toString()));
        assertTrue(((FramingError) ch.readInbound()).reason().contains("max.message.bytes"));
    }

    @Test
    void ignoresInputAfterAnError() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n"));
        assertInstanceOf(FramingError.class, ch.readInbound());
        ch.writeInbound(bytes(MSG));
        assertNull(ch.readInbound());
    }

    @Test
    void foldedHeaderLinesDoNotCountAsHeaders() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipStreamFramer(new FramingLimits(1000, 2, 100)));
        ch.writeInbound(bytes("OPTIONS sip:a@b SIP/2.0\r\nSubject: a\r\n b\r\n c\r\nContent-Length: 0\r\n\r\n"));
        assertTrue(ch.readInbound() instanceof byte[]);
    }
}
