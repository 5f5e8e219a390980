package io.bulwark.sipproxy.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Cursor over a header value for the hand-written recursive-descent parsers. */
final class SipScanner {

    final String s;
    final String field;
    int pos;

    SipScanner(String s, String field) {
        this.s = s;
        this.field = field;
    }

    SipParseException error(String detail) {
        return new SipParseException(field, detail);
    }

    boolean atEnd() {
        return pos >= s.length();
    }

    char peek() {
        return s.charAt(pos);
    }

    /** Skips SP and HTAB. @return whether anything was skipped */
    boolean skipWs() {
        int start = pos;
        while (pos < s.length() && SipSyntax.isWs(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    void expect(char c) {
        if (atEnd()) {
            throw error("expected '" + c + "' but the value ended");
        }
        if (s.charAt(pos) != c) {
            throw error("expected '" + c + "' at position " + pos);
        }
        pos++;
    }

    String token() {
        int start = pos;
        while (pos < s.length() && SipSyntax.isTokenChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(atEnd() ? "expected a token but the value ended" : "expected a token at position " + pos);
        }
        return s.substring(start, pos);
    }

    /**
     * Reads a quoted-string (RFC 3261 25.1) starting at the opening quote.
     *
     * @return the quoted string as written, quotes included
     */
    String quotedString() {
        int start = pos;
        expect('"');
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return s.substring(start, pos);
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    break;
                }
                char q = s.charAt(pos++);
                if (q == '\r' || q == '\n') {
                    throw error("invalid quoted-pair");
                }
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw error("control character in quoted string");
            }
        }
        throw error("unterminated quoted string");
    }

    /** Reads a host: a bracketed IPv6 reference or hostname / IPv4 characters. */
    String host() {
        int start = pos;
        if (!atEnd() && peek() == '[') {
            int close = s.indexOf(']', pos);
            if (close < 0) {
                throw error("unterminated IPv6 reference");
            }
            pos = close + 1;
            String h = s.substring(start, pos);
            if (!SipSyntax.isIpv6Reference(h)) {
                throw error("invalid IPv6 reference");
            }
            return h;
        }
        while (pos < s.length() && SipSyntax.isHostChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("missing host");
        }
        return s.substring(start, pos);
    }

    /** Reads a port: 1 to 5 digits, at most 65535. */
    int port() {
        int start = pos;
        while (pos < s.length() && SipSyntax.isDigit(s.charAt(pos))) {
            pos++;
        }
        long p = pos - start > 5 ? -2 : SipSyntax.parseUnsigned(s.substring(start, pos), 65535);
        if (p < 0) {
            throw error("invalid port");
        }
        return (int) p;
    }

    /** Reads a gen-value (token, host or quoted-string); returned as written. */
    String paramValue() {
        if (!atEnd() && peek() == '"') {
            return quotedString();
        }
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (!SipSyntax.isTokenChar(c) && c != ':' && c != '[' && c != ']') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("empty parameter value");
        }
        return s.substring(start, pos);
    }

    /**
     * Reads {@code *( SEMI generic-param )} up to the end of the value, with LWS allowed around
     * ';' and '='. Anything else (including an empty parameter) is an error.
     */
    List<SipParam> params() {
        List<SipParam> out = null;
        while (true) {
            skipWs();
            if (atEnd()) {
                return out == null ? List.of() : Collections.unmodifiableList(out);
            }
            if (peek() != ';') {
                throw error("unexpected character '" + printable(peek()) + "' at position " + pos);
            }
            pos++;
            skipWs();
            if (atEnd() || !SipSyntax.isTokenChar(peek())) {
                throw error("empty parameter");
            }
            String name = token();
            skipWs();
            String value = null;
            if (!atEnd() && peek() == '=') {
                pos++;
                skipWs();
                value = paramValue();
            }
            if (out == null) {
                out = new ArrayList<>(4);
            }
            out.add(new SipParam(name, value));
        }
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
