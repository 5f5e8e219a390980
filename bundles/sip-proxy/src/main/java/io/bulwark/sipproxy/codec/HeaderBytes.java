package io.bulwark.sipproxy.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level twins of the String header parsers ({@link CSeq#parse}, {@link NameAddress#parse},
 * {@link SipUri#parse}, {@link Via#parse}, {@link SipSyntax#firstSeparator}), used by the accessors of
 * decoded messages to read values straight from the wire bytes without allocating. Each method
 * accepts and rejects exactly what its String twin does, on ASCII input: callers use them only for
 * values that are all ASCII and not folded ({@link HeaderEntry#plainBytes()}), and fall back to the
 * String parsers otherwise. Ranges are {@code [p, e)}.
 */
final class HeaderBytes {

    /** Result of {@link #findParam}: the value is malformed. */
    static final long MALFORMED = -3;
    /** Result of {@link #findParam}: no parameter of that name. */
    static final long ABSENT = -1;
    /** Result of {@link #findParam}: the parameter has no value. */
    static final long FLAG = -2;

    /** Character classes, one bit each in {@link #CLASSES}, indexed by {@code byte & 0xff}. */
    static final int TOKEN = 1;
    static final int HOST = 2;
    /** A character of an unquoted gen-value: token, ':', '[' or ']'. */
    private static final int VALUE = 4;
    private static final int USER = 8;
    private static final int PASSWORD = 16;
    private static final int PARAM = 32;
    private static final int HEADERS = 64;
    private static final int TEL = 128;
    /** One table lookup per byte, no range checks: bytes >= 0x80 are in no class. */
    private static final int[] CLASSES = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            int k = 0;
            k |= SipSyntax.isTokenChar(c) ? TOKEN : 0;
            k |= SipSyntax.isHostChar(c) ? HOST : 0;
            k |= SipSyntax.isTokenChar(c) || c == ':' || c == '[' || c == ']' ? VALUE : 0;
            k |= in(c, "-_.!~*'()" + "&=+$,;?/#") ? USER : 0;
            k |= in(c, "-_.!~*'()" + "&=+$,") ? PASSWORD : 0;
            k |= in(c, "-_.!~*'()" + "[]/:&+$") ? PARAM : 0;
            k |= in(c, "-_.!~*'()" + "[]/?:+$&=") ? HEADERS : 0;
            k |= in(c, "+-.()*#%") ? TEL : 0;
            CLASSES[c] = k;
        }
    }

    private static final byte[] TAG = {'t', 'a', 'g'};
    /** Reads eight bytes at once (little-endian: the lowest byte of the long is the first). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private HeaderBytes() {
    }

    /** @return whether c is alphanumeric or one of the extra characters */
    private static boolean in(int c, String extra) {
        return SipSyntax.isAlnum(c) || extra.indexOf(c) >= 0;
    }

    /** @return whether the byte is in the class (a bit of {@link #TOKEN}, {@link #HOST}, ...) */
    static boolean is(byte c, int charClass) {
        return (CLASSES[c & 0xff] & charClass) != 0;
    }

    static boolean isWs(byte c) {
        return c == ' ' || c == '\t';
    }

    static int skipWs(byte[] b, int p, int e) {
        while (p < e && isWs(b[p])) {
            p++;
        }
        return p;
    }

    /** @return e moved back over trailing SP / HTAB (not before p) */
    static int trimEnd(byte[] b, int p, int e) {
        while (e > p && isWs(b[e - 1])) {
            e--;
        }
        return e;
    }

    /** @return the first index of the byte c in [p, e), or -1; eight bytes at a time */
    static int indexOf(byte[] b, int c, int p, int e) {
        long pattern = (c & 0xffL) * ONES;
        int i = p;
        for (; i + 8 <= e; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            // the lowest flagged byte is exact (a borrow only flags bytes above a real zero)
            long hit = (x - ONES) & ~x & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < e; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** @return the first index in [p, e) of a '>' or a byte from 0x00 to 0x20, or e; eight bytes at a time */
    static int angleCloseOrSpace(byte[] b, int p, int e) {
        int i = p;
        for (; i + 8 <= e; i += 8) {
            long x = (long) LONGS.get(b, i);
            long gt = x ^ (0x3EL * ONES);
            // bytes equal to '>' and bytes below 0x21 (bytes >= 0x80 are in neither); the lowest
            // flagged byte of each is exact, so the lowest of both is
            long hit = ((gt - ONES) & ~gt | (x - 0x21L * ONES) & ~x) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < e; i++) {
            if (b[i] == '>' || (b[i] & 0xff) <= 0x20) {
                return i;
            }
        }
        return e;
    }

    static int tokenEnd(byte[] b, int p, int e) {
        while (p < e && is(b[p], TOKEN)) {
            p++;
        }
        return p;
    }

    static String ascii(byte[] b, int p, int e) {
        return new String(b, p, e - p, StandardCharsets.ISO_8859_1);
    }

    /** @return whether the bytes equal the lower-case ASCII name, ignoring case */
    static boolean equalsIgnoreCase(byte[] b, int p, int e, byte[] lowerName) {
        if (e - p != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            int c = b[p + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Like {@link SipSyntax#firstSeparator}: the first comma outside quoted strings and {@code <>}.
     *
     * @return its index, or -1
     */
    static int firstSeparator(byte[] b, int p, int e) {
        boolean quoted = false;
        boolean angle = false;
        for (int i = p; i < e; i++) {
            byte c = b[i];
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

    /** Like {@link SipSyntax#parseUnsigned}: -1 when empty or not all digits, -2 when over max. */
    static long parseUnsigned(byte[] b, int p, int e, long max) {
        if (p >= e) {
            return -1;
        }
        long v = 0;
        for (int i = p; i < e; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v <= max) {
                v = v * 10 + (c - '0');
            }
        }
        return v > max ? -2 : v;
    }

    /** As {@code CSeq.parse(value).number()}: the sequence number, or -1 when the value is malformed. */
    static long cseqNumber(byte[] b, int p, int e) {
        p = skipWs(b, p, e);
        int start = p;
        while (p < e && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        long n = parseUnsigned(b, start, p, CSeq.MAX_NUMBER);
        if (n < 0) {
            return -1;
        }
        int q = skipWs(b, p, e);
        if (q == p) {
            return -1;
        }
        p = tokenEnd(b, q, e);
        if (p == q) {
            return -1;
        }
        return skipWs(b, p, e) == e ? n : -1;
    }

    /** As {@link SipMessageImpl#maxForwards()} on a value: 0 to 255, or -1. */
    static int maxForwards(byte[] b, int p, int e) {
        p = skipWs(b, p, e);
        e = trimEnd(b, p, e);
        return (int) Math.max(-1, parseUnsigned(b, p, e, 255));
    }

    /**
     * As {@code NameAddress.parse(value).tag()}, with null when the value is malformed.
     *
     * @return the tag, or null when absent, a flag, or the value is malformed
     */
    static String tag(byte[] b, int p, int e) {
        if (!containsTag(b, p, e)) {
            return null; // no tag parameter, whether the value is well-formed or not
        }
        p = nameAddrParams(b, p, e);
        if (p < 0) {
            return null;
        }
        long r = findParam(b, p, e, TAG);
        return r < 0 ? null : ascii(b, (int) (r >>> 32), (int) r);
    }

    /** @return whether the bytes contain "tag" in any case (searched from the end, where a tag usually is) */
    static boolean containsTag(byte[] b, int p, int e) {
        for (int i = e - 3; i >= p; i--) {
            // (c | 0x20) == 't' only for 't' and 'T'; likewise for 'a' and 'g'
            if ((b[i] | 0x20) == 't' && (b[i + 1] | 0x20) == 'a' && (b[i + 2] | 0x20) == 'g') {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the {@code ( name-addr / addr-spec )} part of a value as {@link NameAddress#parse} does.
     *
     * @return where its header parameters start, or -1 when it is malformed
     */
    static int nameAddrParams(byte[] b, int p, int e) {
        p = skipWs(b, p, e);
        if (p >= e) {
            return -1;
        }
        boolean angle;
        if (b[p] == '"') {
            p = quotedStringEnd(b, p, e);
            if (p < 0) {
                return -1;
            }
            p = skipWs(b, p, e);
            if (p >= e || b[p] != '<') {
                return -1;
            }
            angle = true;
        } else {
            int i = p;
            while (i < e && (is(b[i], TOKEN) || isWs(b[i]))) {
                i++;
            }
            if (i < e && b[i] == '<') {
                p = i;
                angle = true;
            } else if (i < e && b[i] == ':') {
                angle = false;
            } else {
                return -1;
            }
        }
        if (angle) {
            p++;
            // no '>' and white space before the first '>' are both errors: one pass finds either
            int close = angleCloseOrSpace(b, p, e);
            return close < e && b[close] == '>' && isUri(b, p, close) ? close + 1 : -1;
        }
        int i = p;
        while (i < e && !isWs(b[i]) && b[i] != ';') {
            if (b[i] == '?' || b[i] == ',') {
                return -1;
            }
            i++;
        }
        return isUri(b, p, i) ? i : -1;
    }

    /**
     * Reads a quoted-string as {@link SipScanner#quotedString()} does.
     *
     * @param p the opening quote
     * @return the index after the closing quote, or -1 when malformed
     */
    static int quotedStringEnd(byte[] b, int p, int e) {
        if (p >= e || b[p] != '"') {
            return -1;
        }
        p++;
        while (p < e) {
            int c = b[p++] & 0xff;
            if (c == '"') {
                return p;
            }
            if (c == '\\') {
                if (p >= e) {
                    return -1;
                }
                byte q = b[p++];
                if (q == '\r' || q == '\n') {
                    return -1;
                }
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Reads a gen-value as {@link SipScanner#paramValue()} does.
     *
     * @return the index after it, or -1 when malformed (empty)
     */
    static int paramValueEnd(byte[] b, int p, int e) {
        int r = paramValueEndAndToken(b, p, e);
        return r < 0 ? -1 : r >>> 1;
    }

    /**
     * {@link #paramValueEnd} that also tells whether the value is a token, in the same pass.
     *
     * @return {@code end << 1 | (token ? 1 : 0)}, or -1 when malformed (empty)
     */
    static int paramValueEndAndToken(byte[] b, int p, int e) {
        if (p < e && b[p] == '"') {
            int q = quotedStringEnd(b, p, e);
            return q < 0 ? -1 : q << 1; // a quoted string is never a token
        }
        int start = p;
        int all = -1;
        while (p < e) {
            int k = CLASSES[b[p] & 0xff];
            if ((k & VALUE) == 0) {
                break;
            }
            all &= k;
            p++;
        }
        return p == start ? -1 : p << 1 | ((all & TOKEN) != 0 ? 1 : 0);
    }

    /**
     * Reads {@code *( SEMI generic-param )} to the end as {@link SipScanner#params()} does and finds
     * the first parameter of that name (any case).
     *
     * @param lowerName the name in lower case
     * @return {@link #MALFORMED} when the parameters are malformed, {@link #ABSENT}, {@link #FLAG}, or
     *     the value's range as {@code start << 32 | end}
     */
    static long findParam(byte[] b, int p, int e, byte[] lowerName) {
        long found = ABSENT;
        while (true) {
            p = skipWs(b, p, e);
            if (p >= e) {
                return found;
            }
            if (b[p] != ';') {
                return MALFORMED;
            }
            int ns = skipWs(b, p + 1, e);
            int ne = tokenEnd(b, ns, e);
            if (ne == ns) {
                return MALFORMED;
            }
            p = skipWs(b, ne, e);
            long value = FLAG;
            if (p < e && b[p] == '=') {
                int vs = skipWs(b, p + 1, e);
                p = paramValueEnd(b, vs, e);
                if (p < 0) {
                    return MALFORMED;
                }
                value = (long) vs << 32 | p;
            }
            if (found == ABSENT && equalsIgnoreCase(b, ns, ne, lowerName)) {
                found = value;
            }
        }
    }

    /** @return whether {@link SipUri#parse} accepts the bytes */
    static boolean isUri(byte[] b, int p, int e) {
        int colon = indexOf(b, ':', p, e);
        if (colon <= p || !isLetter(b[p])) {
            return false;
        }
        for (int i = p + 1; i < colon; i++) {
            byte c = b[i];
            if (!SipSyntax.isAlnum(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        int rest = colon + 1;
        if (rest >= e) {
            return false;
        }
        int schemeLen = colon - p;
        if ((schemeLen == 3 || schemeLen == 4) && (b[p] | 0x20) == 's' && (b[p + 1] | 0x20) == 'i'
                && (b[p + 2] | 0x20) == 'p' && (schemeLen == 3 || (b[p + 3] | 0x20) == 's')) {
            return isSipRest(b, rest, e);
        }
        if (schemeLen == 3 && (b[p] | 0x20) == 't' && (b[p + 1] | 0x20) == 'e' && (b[p + 2] | 0x20) == 'l') {
            return isTelRest(b, rest, e);
        }
        for (int i = rest; i < e; i++) {
            int c = b[i] & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSipRest(byte[] b, int i, int n) {
        int at = indexOf(b, '@', i, n);
        if (at >= 0) {
            int pc = indexOf(b, ':', i, at);
            if (!checkChars(b, i, pc < 0 ? at : pc, USER, false)
                    || (pc >= 0 && !checkChars(b, pc + 1, at, PASSWORD, true))) {
                return false;
            }
            i = at + 1;
        }
        i = hostEnd(b, i, n);
        if (i < 0) {
            return false;
        }
        if (i < n && b[i] == ':') {
            i = portEnd(b, i + 1, n);
            if (i < 0) {
                return false;
            }
        }
        while (i < n && b[i] == ';') {
            int j = i + 1;
            while (j < n && b[j] != ';' && b[j] != '?') {
                j++;
            }
            if (!isUriParam(b, i + 1, j)) {
                return false;
            }
            i = j;
        }
        if (i < n && b[i] == '?') {
            return checkChars(b, i + 1, n, HEADERS, false);
        }
        return i == n;
    }

    private static boolean isTelRest(byte[] b, int p, int e) {
        int semi = indexOf(b, ';', p, e);
        int numberEnd = semi < 0 ? e : semi;
        if (numberEnd == p) {
            return false;
        }
        for (int i = p; i < numberEnd; i++) {
            byte c = b[i];
            if (!is(c, TEL)) {
                return false;
            }
        }
        while (semi >= 0) {
            int next = indexOf(b, ';', semi + 1, e);
            if (!isUriParam(b, semi + 1, next < 0 ? e : next)) {
                return false;
            }
            semi = next;
        }
        return true;
    }

    private static boolean isUriParam(byte[] b, int p, int e) {
        int eq = indexOf(b, '=', p, e);
        return checkChars(b, p, eq < 0 ? e : eq, PARAM, false) && (eq < 0 || checkChars(b, eq + 1, e, PARAM, false));
    }

    private static boolean checkChars(byte[] b, int p, int e, int allowed, boolean mayBeEmpty) {
        if (p == e) {
            return mayBeEmpty;
        }
        for (int i = p; i < e; i++) {
            byte c = b[i];
            if (!is(c, allowed)) {
                // '%' is in none of the classes checked here (USER, PASSWORD, PARAM, HEADERS): an escape or an error
                if (c != '%' || i + 2 >= e || !SipSyntax.isHex(b[i + 1]) || !SipSyntax.isHex(b[i + 2])) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    /**
     * Reads a host as {@link SipScanner#host()} does.
     *
     * @return the index after it, or -1 when malformed
     */
    static int hostEnd(byte[] b, int p, int e) {
        if (p < e && b[p] == '[') {
            int close = indexOf(b, ']', p, e);
            return close >= 0 && isIpv6Reference(b, p, close + 1) ? close + 1 : -1;
        }
        int start = p;
        while (p < e && is(b[p], HOST)) {
            p++;
        }
        return p == start ? -1 : p;
    }

    /**
     * Reads a port as {@link SipScanner#port()} does: 1 to 5 digits, at most 65535.
     *
     * @return the index after it, or -1 when malformed
     */
    static int portEnd(byte[] b, int p, int e) {
        int start = p;
        while (p < e && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p - start > 5 || parseUnsigned(b, start, p, 65535) < 0 ? -1 : p;
    }

    private static boolean isIpv6Reference(byte[] b, int p, int e) {
        if (e - p < 4 || b[p] != '[' || b[e - 1] != ']') {
            return false;
        }
        int colons = 0;
        for (int i = p + 1; i < e - 1; i++) {
            byte c = b[i];
            if (c == ':') {
                colons++;
            } else if (!SipSyntax.isHex(c) && c != '.') {
                return false;
            }
        }
        return colons >= 2;
    }
}
