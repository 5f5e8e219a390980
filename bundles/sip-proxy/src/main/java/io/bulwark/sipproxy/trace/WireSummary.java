package io.bulwark.sipproxy.trace;

import java.nio.charset.StandardCharsets;

/**
 * What a trace keeps of a message, read straight from its bytes (so malformed messages and the
 * proxy's own answers are traced alike): the start line, the Call-ID and the CSeq. Only the header
 * section is scanned, and nothing is kept of a message without a Call-ID.
 *
 * @param startLine the request or status line, at most {@link #MAX_LINE} characters
 * @param callId the Call-ID (or compact {@code i}) header value
 * @param cseq the CSeq header value, or null
 */
record WireSummary(String startLine, String callId, String cseq) {

    static final int MAX_LINE = 200;

    /** @return the summary, or null when the bytes carry no Call-ID header */
    static WireSummary of(byte[] b, int offset, int length) {
        int end = offset + length;
        int lineEnd = lineEnd(b, offset, end);
        if (lineEnd <= offset) {
            return null;
        }
        String startLine = text(b, offset, lineEnd);
        String callId = null;
        String cseq = null;
        int pos = next(b, lineEnd, end);
        while (pos < end && (callId == null || cseq == null)) {
            int e = lineEnd(b, pos, end);
            if (e == pos) {
                break; // blank line: the body follows
            }
            int colon = indexOf(b, pos, e, (byte) ':');
            if (colon > pos) {
                int nameEnd = colon;
                while (nameEnd > pos && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
                    nameEnd--;
                }
                if (callId == null && (is(b, pos, nameEnd, "call-id") || is(b, pos, nameEnd, "i"))) {
                    callId = value(b, colon + 1, e);
                } else if (cseq == null && is(b, pos, nameEnd, "cseq")) {
                    cseq = value(b, colon + 1, e);
                }
            }
            pos = next(b, e, end);
        }
        return callId == null || callId.isEmpty() ? null : new WireSummary(startLine, callId, cseq);
    }

    private static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** @return the start of the line after the one ending at {@code e} */
    private static int next(byte[] b, int e, int end) {
        if (e < end && b[e] == '\r') {
            e++;
        }
        if (e < end && b[e] == '\n') {
            e++;
        }
        return e;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] b, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return text(b, from, to);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.min(to - from, MAX_LINE), StandardCharsets.ISO_8859_1);
    }
}
