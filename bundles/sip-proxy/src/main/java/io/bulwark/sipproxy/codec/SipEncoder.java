package io.bulwark.sipproxy.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a {@link SipMessageImpl} in wire format (RFC 3261 7). */
final class SipEncoder {

    private SipEncoder() {
    }

    static byte[] encode(SipMessageImpl m, List<HeaderEntry> headers) {
        byte[] body = m.body();
        ByteSink out = new ByteSink(256 + headers.size() * 48 + body.length);
        String version = m.version() == null ? "SIP/2.0" : m.version();
        if (m.isRequest()) {
            out.ascii(m.method() == null ? "" : m.method());
            out.put((byte) ' ');
            out.put((m.requestUri() == null ? "" : m.requestUri()).getBytes(StandardCharsets.UTF_8));
            out.put((byte) ' ');
            out.ascii(version);
        } else {
            out.ascii(version);
            out.put((byte) ' ');
            int code = m.statusCode();
            int shown = Math.max(0, code % 1000);
            out.ascii(shown >= 100 ? Integer.toString(shown) : String.format("%03d", shown));
            out.put((byte) ' ');
            if (m.reasonPhrase() != null) {
                out.put(m.reasonPhrase().getBytes(StandardCharsets.UTF_8));
            }
        }
        out.crlf();
        boolean lengthWritten = false;
        for (HeaderEntry e : headers) {
            if (e.key.equals(SipHeaderNames.CONTENT_LENGTH)) {
                if (!lengthWritten) {
                    writeContentLength(out, body.length);
                    lengthWritten = true;
                }
            } else {
                e.writeTo(out);
            }
        }
        if (!lengthWritten) {
            writeContentLength(out, body.length);
        }
        out.crlf();
        out.put(body);
        return out.toByteArray();
    }

    private static void writeContentLength(ByteSink out, int length) {
        out.ascii("Content-Length: ");
        out.ascii(Integer.toString(length));
        out.crlf();
    }
}
