package io.bulwark.sipproxy.codec;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers of the decoder (no String allocation). */
final class SipBytes {

    private SipBytes() {
    }

    static int indexOf(byte[] h, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (h[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] h, byte b, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (h[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static boolean isToken(byte[] h, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!SipSyntax.isTokenChar(h[i])) {
                return false;
            }
        }
        return to > from;
    }

    static boolean isDigits(byte[] h, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!SipSyntax.isDigit(h[i])) {
                return false;
            }
        }
        return to > from;
    }

    /** @return whether every byte is visible ASCII (no SP, CTL or non-ASCII) */
    static boolean isUriBytes(byte[] h, int from, int to) {
        for (int i = from; i < to; i++) {
            if (h[i] <= 0x20 || h[i] == 0x7f) {
                return false;
            }
        }
        return to > from;
    }

    /** @return whether the bytes are {@code "SIP/" 1*DIGIT "." 1*DIGIT} ("SIP" in any case) */
    static boolean isVersion(byte[] h, int from, int to) {
        if (to - from < 7 || (h[from] | 0x20) != 's' || (h[from + 1] | 0x20) != 'i' || (h[from + 2] | 0x20) != 'p'
                || h[from + 3] != '/') {
            return false;
        }
        int dot = indexOf(h, (byte) '.', from + 4, to);
        return dot > 0 && isDigits(h, from + 4, dot) && isDigits(h, dot + 1, to);
    }

    static String ascii(byte[] h, int from, int to) {
        return new String(h, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
