package io.bulwark.sipproxy.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes SIP messages from bytes (RFC 3261 7 and 18.3) without regular expressions: the header
 * section is copied once and header values stay raw bytes until asked for. Thread-safe (stateless
 * apart from the immutable configuration). Never throws: every failure is a {@link DecodeResult}.
 *
 * <p>Framing rules:
 * <ul>
 *   <li>leading CRLFs are skipped (7.5); lines must end with CRLF, a bare CR or LF is an error;</li>
 *   <li>continuation lines (LWS at line start) are unfolded into one SP (7.3.1);</li>
 *   <li>datagram: Content-Length may be absent (body = rest of the datagram); bytes after
 *       Content-Length are ignored (18.3, RFC 4475 dblreq); a Content-Length larger than the rest of
 *       the datagram is 400 (RFC 4475 clerr);</li>
 *   <li>stream: Content-Length is mandatory (400 when absent); a message not yet complete gives
 *       {@link DecodeResult#incomplete()};</li>
 *   <li>more than one Content-Length line, a negative or non-numeric value: 400.</li>
 * </ul>
 * Limits ({@link SipDecoderConfig}): a message or Content-Length over the size limits is 513 Message
 * Too Large; too many header fields and an over-long start line or header field are 400 Bad Request.
 * Request-line syntax errors (extra or trailing white space, white space in the Request-URI) are 400.
 * Malformed responses, and input that is not recognisably a SIP request, yield status 0: drop.
 */
public final class SipMessageDecoder {

    /** Reads eight bytes at once (the order only decides which end of the long is the first byte). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * How many bytes of a message the one-pass path copies and parses at most: a header section
     * that does not end within them takes the two-pass path (covers nearly every SIP message).
     */
    private static final int ONE_PASS_BYTES = 8192;

    private final SipDecoderConfig config;

    /** A decoder with {@link SipDecoderConfig#defaults()}. */
    public SipMessageDecoder() {
        this(SipDecoderConfig.defaults());
    }

    /** @param config the limits to enforce */
    public SipMessageDecoder(SipDecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the limits in force */
    public SipDecoderConfig config() {
        return config;
    }

    /** Decodes a whole array; see {@link #decode(byte[], int, int, boolean)}. */
    public DecodeResult decode(byte[] data, boolean datagram) {
        return decode(data, 0, data == null ? 0 : data.length, datagram);
    }

    /**
     * Decodes one message. The bytes are copied; the caller may reuse the buffer afterwards.
     *
     * @param data buffer
     * @param offset start of the message (leading CRLFs allowed)
     * @param length number of bytes available
     * @param datagram true for UDP (one datagram = one message), false for a stream (TCP, TLS, WS)
     * @return the outcome, never null
     */
    public DecodeResult decode(byte[] data, int offset, int length, boolean datagram) {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return DecodeResult.failure(null, 0, "invalid buffer bounds", 0);
        }
        try {
            return new Frame(config, data, offset, length, datagram).decode(true);
        } catch (RuntimeException e) {
            // defensive only: a decoder bug must never reach the transport
            return DecodeResult.failure(null, 0, "internal decoder error: " + e.getClass().getSimpleName(), length);
        }
    }

    /**
     * {@link #decode(byte[], int, int, boolean)} without the one-pass path: the header section's end
     * is always found first. Tests check that both paths give the same outcome.
     */
    DecodeResult decodeInTwoPasses(byte[] data, int offset, int length, boolean datagram) {
        return new Frame(config, data, offset, length, datagram).decode(false);
    }

    /** State of one decode call. */
    private static final class Frame {
        private final SipDecoderConfig cfg;
        private final byte[] d;
        private final int off;
        private final int end;
        private final boolean datagram;

        private int errStatus;
        private String errReason;
        private boolean recognized;
        private boolean request;
        private String method;
        private String uri;
        private String version;
        private int status;
        private String reason;
        private final ArrayList<HeaderEntry> headers = new ArrayList<>(16);
        private int contentLength = -1;
        private int contentLengthLines;
        private boolean bareSeen;
        private boolean lineAscii;

        Frame(SipDecoderConfig cfg, byte[] d, int off, int len, boolean datagram) {
            this.cfg = cfg;
            this.d = d;
            this.off = off;
            this.end = off + len;
            this.datagram = datagram;
        }

        private void error(int st, String why) {
            if (errReason == null) {
                errStatus = st;
                errReason = why;
            }
        }

        DecodeResult decode(boolean tryOnePass) {
            int p = off;
            while (p < end && (d[p] == '\r' || d[p] == '\n')) {
                p++;
            }
            if (p == end) {
                return datagram ? DecodeResult.failure(null, 0, "empty datagram (keep-alive)", end - off)
                    : DecodeResult.needMore(p - off);
            }
            DecodeResult r = tryOnePass ? decodeInOnePass(p) : null;
            return r != null ? r : new Frame(cfg, d, off, end - off, datagram).decodeInTwoPasses(p);
        }

        /**
         * The usual case: a copy of the first {@link #ONE_PASS_BYTES} bytes at most is parsed line by
         * line, and the empty line ending the header section is found on the way.
         *
         * @return the outcome, or null when the copy holds no complete header section within the
         *     limits or there are too many header fields: {@link #decodeInTwoPasses} then decides, on a
         *     fresh frame, exactly as before this fast path existed
         */
        private DecodeResult decodeInOnePass(int p) {
            int n = Math.min(end - p, Math.min(cfg.maxMessageBytes(), ONE_PASS_BYTES));
            byte[] h = Arrays.copyOfRange(d, p, p + n);
            int blank = parseHead(h);
            if (blank < 0) {
                return null;
            }
            return frameAndFinish(p, p + blank + 2);
        }

        /**
         * Finds the empty line first, copies the header section alone and parses it: the path of
         * header sections larger than the one-pass copy, incomplete stream input and messages whose
         * header section does not end or exceeds the limits.
         */
        private DecodeResult decodeInTwoPasses(int p) {
            int max = cfg.maxMessageBytes();
            int blank = findBlankLine(p, (int) Math.min(end, (long) p + max + 4));
            int headEnd;
            int bodyStart = -1;
            if (blank >= 0 && blank + 4 - p <= max) {
                headEnd = blank + 2;
                bodyStart = blank + 4;
            } else {
                if (blank < 0 && !datagram && end - p <= max) {
                    return DecodeResult.needMore(p - off);
                }
                if (end - p > max) {
                    error(513, "Message Too Large: header section exceeds " + max + " bytes");
                } else {
                    error(400, "header section not terminated by an empty line");
                }
                headEnd = lastLineEnd(p, (int) Math.min(end, (long) p + max));
            }
            parseHead(Arrays.copyOfRange(d, p, headEnd));
            return frameAndFinish(p, bodyStart);
        }

        /**
         * @param p start of the message
         * @param bodyStart start of the body in {@link #d}, or -1 when the header section did not end
         */
        private DecodeResult frameAndFinish(int p, int bodyStart) {
            int bodyLen = 0;
            int consumedEnd = end;
            if (bodyStart >= 0) {
                bodyLen = frameBody(p, bodyStart);
                if (bodyLen < 0) {
                    return DecodeResult.needMore(p - off);
                }
                consumedEnd = datagram ? end : Math.min(end, bodyStart + bodyLen);
            }
            if (!recognized) {
                return DecodeResult.failure(null, 0, errReason, consumedEnd - off);
            }
            byte[] body = errReason == null && bodyLen > 0
                ? Arrays.copyOfRange(d, bodyStart, bodyStart + bodyLen) : null;
            SipMessageImpl m = new SipMessageImpl(request, method, uri, version, status, reason, headers, body);
            if (errReason == null) {
                return DecodeResult.success(m, (datagram ? end : bodyStart + bodyLen) - off);
            }
            return DecodeResult.failure(m, request ? errStatus : 0, errReason, consumedEnd - off);
        }

        /** @return the body length, or -1 when a stream must wait for more bytes */
        private int frameBody(int p, int bodyStart) {
            int available = end - bodyStart;
            int bodyLen;
            if (contentLength >= 0) {
                bodyLen = contentLength;
            } else if (contentLengthLines > 0) {
                return 0;
            } else if (datagram) {
                bodyLen = available;
            } else {
                error(400, "Content-Length: missing (mandatory on stream transports)");
                return 0;
            }
            if ((long) bodyStart - p + bodyLen > cfg.maxMessageBytes() || bodyLen > cfg.maxBodyBytes()) {
                error(513, "Message Too Large: body of " + bodyLen + " bytes exceeds the limits");
                return 0;
            }
            if (bodyLen > available) {
                if (!datagram && errReason == null) {
                    return -1;
                }
                error(400, "Content-Length: larger than the " + available + " body bytes received");
                return 0;
            }
            return bodyLen;
        }

        /** @return the first i, from <= i and i + 3 < limit, where CR LF CR LF starts, or -1 */
        private int findBlankLine(int from, int limit) {
            byte[] d = this.d;
            // every LF at q >= from + 3, in order, eight bytes at a time; a flagged byte is checked
            // exactly (a borrow may flag a byte above a real LF)
            int q = from + 3;
            for (; q + 8 <= limit; q += 8) {
                long t = (long) LONGS.get(d, q) ^ 0x0A0A0A0A0A0A0A0AL;
                long hit = (t - 0x0101010101010101L) & ~t & 0x8080808080808080L;
                while (hit != 0) {
                    int k = q + (Long.numberOfTrailingZeros(hit) >>> 3);
                    if (d[k] == '\n' && d[k - 1] == '\r' && d[k - 2] == '\n' && d[k - 3] == '\r') {
                        return k - 3;
                    }
                    hit &= hit - 1;
                }
            }
            for (; q < limit; q++) {
                if (d[q] == '\n' && d[q - 1] == '\r' && d[q - 2] == '\n' && d[q - 3] == '\r') {
                    return q - 3;
                }
            }
            return -1;
        }

        private int lastLineEnd(int from, int limit) {
            for (int i = limit - 2; i >= from; i--) {
                if (d[i] == '\r' && d[i + 1] == '\n') {
                    return i + 2;
                }
            }
            return from;
        }

        /**
         * @return index of the CR of the next CRLF at or after from (or h.length); sets bareSeen, and
         *     lineAscii to whether the bytes from from to there are all ASCII
         */
        private int lineEnd(byte[] h, int from) {
            bareSeen = false;
            int n = h.length;
            long high = 0;
            int i = from;
            while (true) {
                // eight bytes at a time: the first byte below 0x0E (CR, LF, or a rarer control
                // character such as HTAB, skipped below), and whether any byte before it is >= 0x80
                int c = -1;
                for (; i + 8 <= n; i += 8) {
                    long x = (long) LONGS.get(h, i);
                    long hit = (x - 0x0E0E0E0E0E0E0E0EL) & ~x & 0x8080808080808080L;
                    if (hit != 0) {
                        // the lowest flagged byte is exact (a borrow only flags bytes above a real hit)
                        int k = Long.numberOfTrailingZeros(hit) >>> 3;
                        high |= x & ((1L << (k << 3)) - 1);
                        if (h[i + k] == '\r' || h[i + k] == '\n') {
                            c = i + k;
                            break;
                        }
                        i += k + 1 - 8; // a control character that ends no line: go on after it
                    } else {
                        high |= x;
                    }
                }
                if (c < 0) {
                    for (; i < n; i++) {
                        byte b = h[i];
                        if (b == '\r' || b == '\n') {
                            c = i;
                            break;
                        }
                        high |= b & 0x80;
                    }
                    if (c < 0) {
                        lineAscii = (high & 0x8080808080808080L) == 0;
                        return n;
                    }
                }
                if (h[c] == '\r' && c + 1 < n && h[c + 1] == '\n') {
                    lineAscii = (high & 0x8080808080808080L) == 0;
                    return c;
                }
                bareSeen = true;
                i = c + 1;
            }
        }

        /**
         * Parses the start line and the header fields in h, up to the empty line that ends the header
         * section or to the end of h.
         *
         * @return the index of that empty line in h, or -1 when h ends before it (a line without its
         *     CRLF, or none at all) or there are too many header fields
         */
        private int parseHead(byte[] h) {
            int n = h.length;
            if (n == 0) {
                error(0, "not a SIP request or response");
                return -1;
            }
            int sle = lineEnd(h, 0);
            if (sle == n) {
                return -1;
            }
            boolean bare = bareSeen;
            parseStartLine(h, sle);
            if (bare) {
                error(400, "bare CR or LF in the start line");
            }
            if (sle > cfg.maxLineLength()) {
                error(400, "start line longer than " + cfg.maxLineLength() + " bytes");
            }
            int i = sle + 2;
            while (i < n) {
                if (h[i] == '\r' && i + 1 < n && h[i + 1] == '\n') {
                    return i;
                }
                if (headers.size() >= cfg.maxHeaderCount()) {
                    error(400, "too many header fields (limit " + cfg.maxHeaderCount() + ")");
                    return -1;
                }
                int le = lineEnd(h, i);
                if (le == n) {
                    return -1;
                }
                bare = bareSeen;
                boolean ascii = lineAscii;
                int logicalEnd = le;
                boolean folded = false;
                int next = le + 2;
                while (next < n && SipSyntax.isWs(h[next])) {
                    folded = true;
                    logicalEnd = lineEnd(h, next);
                    if (logicalEnd == n) {
                        return -1;
                    }
                    bare |= bareSeen;
                    next = logicalEnd + 2;
                }
                parseHeader(h, i, le, logicalEnd, folded, bare, ascii);
                i = next;
            }
            return -1;
        }

        private void parseHeader(byte[] h, int s, int le, int logicalEnd, boolean folded, boolean bare,
                boolean ascii) {
            int j = s;
            while (j < le && HeaderBytes.is(h[j], HeaderBytes.TOKEN)) {
                j++;
            }
            int nameEnd = j;
            while (j < le && SipSyntax.isWs(h[j])) {
                j++;
            }
            if (nameEnd == s || j >= le || h[j] != ':') {
                error(400, SipSyntax.isWs(h[s]) ? "continuation line without a header field"
                    : "malformed header field line (no name or no ':')");
                return;
            }
            SipHeaderNames.Known known = SipHeaderNames.lookup(h, s, nameEnd - s);
            String rawName = known != null ? known.name : new String(h, s, nameEnd - s, StandardCharsets.ISO_8859_1);
            if (bare) {
                error(400, rawName + ": bare CR or LF in header field");
                return;
            }
            if (logicalEnd - s > cfg.maxLineLength()) {
                error(400, rawName + ": header field longer than " + cfg.maxLineLength() + " bytes");
                return;
            }
            j++;
            while (j < le && SipSyntax.isWs(h[j])) {
                j++;
            }
            int ve = folded ? logicalEnd : le;
            while (!folded && ve > j && SipSyntax.isWs(h[ve - 1])) {
                ve--;
            }
            HeaderEntry e = new HeaderEntry(known, rawName, h, j, ve - j, folded, ascii);
            headers.add(e);
            if (known != null && known.id == SipHeaderNames.CONTENT_LENGTH_ID) {
                if (e.plainBytes()) {
                    contentLength(h, j, ve);
                } else {
                    contentLength(e.value());
                }
            }
        }

        /** {@link #contentLength(String)} on the bytes of a plain (ASCII, not folded) value. */
        private void contentLength(byte[] h, int s, int e) {
            if (++contentLengthLines > 1) {
                contentLength = -1;
                error(400, "Content-Length: multiple header fields");
            } else if (s == e) {
                error(400, "Content-Length: empty value");
            } else if (h[s] == '-') {
                error(400, "Content-Length: negative value");
            } else {
                contentLengthValue(HeaderBytes.parseUnsigned(h, s, e, Integer.MAX_VALUE));
            }
        }

        private void contentLengthValue(long x) {
            if (x == -1) {
                error(400, "Content-Length: not a number");
            } else if (x == -2 || x > cfg.maxBodyBytes()) {
                error(513, "Content-Length: exceeds the limit of " + cfg.maxBodyBytes() + " bytes");
            } else {
                contentLength = (int) x;
            }
        }

        private void contentLength(String v) {
            if (++contentLengthLines > 1) {
                contentLength = -1;
                error(400, "Content-Length: multiple header fields");
            } else if (v.isEmpty()) {
                error(400, "Content-Length: empty value");
            } else if (v.charAt(0) == '-') {
                error(400, "Content-Length: negative value");
            } else {
                contentLengthValue(SipSyntax.parseUnsigned(v, Integer.MAX_VALUE));
            }
        }

        private void parseStartLine(byte[] h, int e) {
            if (e >= 4 && (h[0] | 0x20) == 's' && (h[1] | 0x20) == 'i' && (h[2] | 0x20) == 'p' && h[3] == '/') {
                parseStatusLine(h, e);
                return;
            }
            request = true;
            int sp1 = SipBytes.indexOf(h, (byte) ' ', 0, e);
            int sp2 = SipBytes.lastIndexOf(h, (byte) ' ', e);
            if (sp1 > 0 && sp2 > sp1 + 1 && sp2 < e - 1 && SipBytes.isToken(h, 0, sp1)
                    && SipBytes.isUriBytes(h, sp1 + 1, sp2)
                    && SipBytes.isVersion(h, sp2 + 1, e)) {
                recognized = true;
                method = SipBytes.method(h, 0, sp1);
                uri = SipBytes.ascii(h, sp1 + 1, sp2);
                version = SipBytes.version(h, sp2 + 1, e);
                return;
            }
            RequestLineRepair r = RequestLineRepair.of(h, e);
            recognized = r.sip();
            method = r.method();
            uri = r.uri();
            version = r.version();
            error(r.sip() ? 400 : 0, r.reason());
        }

        private void parseStatusLine(byte[] h, int e) {
            request = false;
            recognized = true;
            int sp = SipBytes.indexOf(h, (byte) ' ', 0, e);
            version = SipBytes.version(h, 0, sp < 0 ? e : sp);
            if (!SipBytes.isVersion(h, 0, sp < 0 ? e : sp)) {
                error(0, "Status-Line: malformed SIP-Version");
            }
            if (sp < 0 || e - sp < 4 || !SipBytes.isDigits(h, sp + 1, sp + 4) || (sp + 4 < e && h[sp + 4] != ' ')) {
                error(0, "Status-Line: Status-Code is not three digits");
                reason = "";
                return;
            }
            status = (h[sp + 1] - '0') * 100 + (h[sp + 2] - '0') * 10 + (h[sp + 3] - '0');
            reason = sp + 4 < e ? SipSyntax.decodeText(h, sp + 5, e - sp - 5, false) : "";
        }
    }
}
