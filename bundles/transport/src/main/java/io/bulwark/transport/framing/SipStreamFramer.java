package io.bulwark.transport.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a SIP byte stream into messages by Content-Length (RFC 3261 section 18.3) and answers
 * CRLF keep-alive pings (RFC 5626 section 4.4.1). Emits {@code byte[]} frames, or one
 * {@link FramingError} after which the decoder discards everything (the transport closes the
 * connection). It never throws out of the pipeline for bad input.
 *
 * <p>This is a small state machine over the cumulation buffer: scan the header section up to
 * the blank line while enforcing line and header-count limits, read Content-Length from it,
 * then wait for the body.
 */
public final class SipStreamFramer extends ByteToMessageDecoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int PARTIAL_KEEP = 4096;

    private final FramingLimits limits;
    private boolean failed;
    /** Header section length of the message being assembled, or -1 while still scanning. */
    private int headerLength = -1;
    private int contentLength;

    public SipStreamFramer(FramingLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            if (headerLength < 0) {
                if (!skipKeepAlives(ctx, in)) {
                    return;
                }
                if (!scanHeaders(in, out)) {
                    return;
                }
            }
            int total = headerLength + contentLength;
            if (in.readableBytes() < total) {
                return;
            }
            byte[] frame = new byte[total];
            in.readBytes(frame);
            headerLength = -1;
            out.add(frame);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /**
     * Consumes CRLFs between messages. A double CRLF is a keep-alive ping and gets a CRLF pong.
     *
     * @return false when more bytes are needed to decide
     */
    private boolean skipKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != CR && b != LF) {
                return true;
            }
            if (in.readableBytes() >= 4 && in.getByte(in.readerIndex() + 1) == LF
                    && in.getByte(in.readerIndex() + 2) == CR && in.getByte(in.readerIndex() + 3) == LF
                    && b == CR) {
                in.skipBytes(4);
                if (ctx != null) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {CR, LF}));
                }
                continue;
            }
            if (b == CR && in.readableBytes() < 4) {
                return false;
            }
            in.skipBytes(1);
        }
        return false;
    }

    /** @return true once the whole header section is present and Content-Length is known */
    private boolean scanHeaders(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lineStart = start;
        int headerLines = 0;
        int declaredLength = -1;
        for (int i = start; i < end; i++) {
            if (in.getByte(i) != LF) {
                if (i - lineStart >= limits.maxLineLength()) {
                    return fail(in, out, "line longer than max.line.length=" + limits.maxLineLength());
                }
                continue;
            }
            int lineEnd = i > lineStart && in.getByte(i - 1) == CR ? i - 1 : i;
            if (lineEnd == lineStart) {
                headerLength = i + 1 - start;
                if (declaredLength < 0) {
                    return fail(in, out, "Content-Length missing on a stream transport");
                }
                contentLength = declaredLength;
                if (headerLength + contentLength > limits.maxMessageBytes()) {
                    return fail(in, out, "message of " + (headerLength + (long) contentLength)
                            + " bytes exceeds max.message.bytes=" + limits.maxMessageBytes());
                }
                return true;
            }
            if (lineStart != start && !isFolded(in, lineStart) && ++headerLines > limits.maxHeaderCount()) {
                return fail(in, out, "more than max.header.count=" + limits.maxHeaderCount() + " headers");
            }
            long parsed = contentLengthOf(in, lineStart, lineEnd);
            if (parsed == -2) {
                return fail(in, out, "Content-Length: not a valid non-negative number");
            }
            if (parsed >= 0) {
                if (declaredLength >= 0 && declaredLength != parsed) {
                    return fail(in, out, "Content-Length: conflicting values");
                }
                if (parsed > limits.maxMessageBytes()) {
                    return fail(in, out, "Content-Length: " + parsed + " exceeds max.message.bytes="
                            + limits.maxMessageBytes());
                }
                declaredLength = (int) parsed;
            }
            lineStart = i + 1;
            if (lineStart - start > limits.maxMessageBytes()) {
                return fail(in, out, "header section exceeds max.message.bytes=" + limits.maxMessageBytes());
            }
        }
        if (end - start > limits.maxMessageBytes()) {
            return fail(in, out, "header section exceeds max.message.bytes=" + limits.maxMessageBytes());
        }
        return false;
    }

    private static boolean isFolded(ByteBuf in, int lineStart) {
        byte b = in.getByte(lineStart);
        return b == ' ' || b == '\t';
    }

    /**
     * @return the value when the line is a Content-Length header, -1 when it is another header,
     *     -2 when it is a Content-Length header with a bad value
     */
    static long contentLengthOf(ByteBuf in, int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (in.getByte(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return -1;
        }
        int nameEnd = colon;
        while (nameEnd > from && isBlank(in.getByte(nameEnd - 1))) {
            nameEnd--;
        }
        if (!nameIs(in, from, nameEnd, "content-length") && !nameIs(in, from, nameEnd, "l")) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = colon + 1; i < to; i++) {
            byte b = in.getByte(i);
            if (isBlank(b)) {
                if (digits > 0) {
                    for (int j = i; j < to; j++) {
                        if (!isBlank(in.getByte(j))) {
                            return -2;
                        }
                    }
                    break;
                }
                continue;
            }
            if (b < '0' || b > '9' || ++digits > 9) {
                return -2;
            }
            value = value * 10 + (b - '0');
        }
        return digits == 0 ? -2 : value;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean nameIs(ByteBuf in, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = in.getByte(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        byte[] partial = new byte[Math.min(in.readableBytes(), PARTIAL_KEEP)];
        in.getBytes(in.readerIndex(), partial);
        in.skipBytes(in.readableBytes());
        out.add(new FramingError(reason, partial));
        return false;
    }
}
