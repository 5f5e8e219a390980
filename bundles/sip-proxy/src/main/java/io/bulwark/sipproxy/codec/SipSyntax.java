package io.bulwark.sipproxy.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Character classes and small helpers of the RFC 3261 section 25 grammar. */
final class SipSyntax {

    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] WORD = new boolean[128];
    private static final boolean[] HOST = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            TOKEN[c] = isAlnum(c) || "-.!%*_+`'~".indexOf(c) >= 0;
            WORD[c] = TOKEN[c] || "()<>:\\\"/[]?{}".indexOf(c) >= 0;
            HOST[c] = isAlnum(c) || c == '-' || c == '.' || c == '_';
        }
    }

    private SipSyntax() {
    }

    static boolean isAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** @return true for SP and HTAB */
    static boolean isWs(int c) {
        return c == ' ' || c == '\t';
    }

    /** @return true for a token character (RFC 3261 25.1); works for bytes (negative values false) */
    static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TOKEN[c];
    }

    static boolean isHostChar(int c) {
        return c >= 0 && c < 128 && HOST[c];
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return whether s matches callid = word [ "@" word ] (RFC 3261 25.1) */
    static boolean isCallId(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int at = s.indexOf('@');
        if (at == 0 || at == s.length() - 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i != at && (c >= 128 || !WORD[c])) {
                return false;
            }
        }
        return true;
    }

    /** @return whether s is a hostname, IPv4 address or bracketed IPv6 reference */
    static boolean isHost(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '[') {
            return isIpv6Reference(s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isHostChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return whether s is "[" IPv6address "]" (hex digits, ':' and '.' only, at least two ':') */
    static boolean isIpv6Reference(String s) {
        int n = s.length();
        if (n < 4 || s.charAt(0) != '[' || s.charAt(n - 1) != ']') {
            return false;
        }
        int colons = 0;
        for (int i = 1; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!isHex(c) && c != '.') {
                return false;
            }
        }
        return colons >= 2;
    }

    /**
     * Parses an unsigned decimal number.
     *
     * @return the value, -1 when s is empty or not all digits, -2 when it is larger than max
     */
    static long parseUnsigned(String s, long max) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            if (v <= max) {
                v = v * 10 + (c - '0');
            }
        }
        return v > max ? -2 : v;
    }

    /** Trims SP and HTAB (not other characters, unlike {@link String#trim()}). */
    static String trimWs(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isWs(s.charAt(b))) {
            b++;
        }
        while (e > b && isWs(s.charAt(e - 1))) {
            e--;
        }
        return (b == 0 && e == s.length()) ? s : s.substring(b, e);
    }

    /** Replaces each run of SP / HTAB by one SP. */
    static String collapseWs(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean ws = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isWs(c)) {
                ws = true;
            } else {
                if (ws) {
                    sb.append(' ');
                    ws = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Index of the first comma that separates list elements: not inside a quoted string (honouring
     * quoted-pairs) and not inside {@code <...>}.
     *
     * @return the index, or -1 when the value holds a single element
     */
    static int firstSeparator(String v, int from) {
        boolean quoted = false;
        boolean angle = false;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Splits a comma-separated header value into trimmed elements. An empty value yields nothing;
     * empty elements between commas are kept (as "") so that validation can reject them.
     */
    static void splitList(String v, List<String> out) {
        if (trimWs(v).isEmpty()) {
            return;
        }
        int start = 0;
        int sep;
        while ((sep = firstSeparator(v, start)) >= 0) {
            out.add(trimWs(v.substring(start, sep)));
            start = sep + 1;
        }
        out.add(trimWs(v.substring(start)));
    }

    /**
     * Decodes header text: ASCII fast path, otherwise UTF-8 (RFC 3261 TEXT-UTF8; malformed sequences
     * become U+FFFD). With {@code folded}, each continuation (optional white space, CRLF, white space)
     * becomes one SP and the result is trimmed (RFC 3261 7.3.1).
     */
    static String decodeText(byte[] b, int off, int len, boolean folded) {
        if (folded) {
            byte[] u = unfold(b, off, len);
            b = u;
            off = 0;
            len = u.length;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8);
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static byte[] unfold(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        int n = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\r' && i + 1 < end && b[i + 1] == '\n') {
                while (n > 0 && isWs(out[n - 1])) {
                    n--;
                }
                i += 2;
                while (i < end && isWs(b[i])) {
                    i++;
                }
                out[n++] = ' ';
                i--;
            } else {
                out[n++] = c;
            }
        }
        int s = 0;
        while (s < n && isWs(out[s])) {
            s++;
        }
        while (n > s && isWs(out[n - 1])) {
            n--;
        }
        return Arrays.copyOfRange(out, s, n);
    }

    /** @return whether s contains CR, LF or NUL (header injection guard for mutators) */
    static boolean hasLineBreakOrNul(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }
}
