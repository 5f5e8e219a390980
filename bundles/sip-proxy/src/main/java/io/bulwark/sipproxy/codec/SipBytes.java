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

    private static final String[] METHODS = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"};
    private static final String[] VERSIONS = {"SIP/2.0"};

    /** @return {@link #ascii}, as the shared constant for the usual methods (no allocation) */
    static String method(byte[] h, int from, int to) {
        return oneOf(h, from, to, METHODS);
    }

    /** @return {@link #ascii}, as the shared constant for "SIP/2.0" (no allocation) */
    static String version(byte[] h, int from, int to) {
        return oneOf(h, from, to, VERSIONS);
    }

    private static String oneOf(byte[] h, int from, int to, String[] words) {
        int n = to - from;
        for (String w : words) {
            if (w.length() == n && equals(h, from, w)) {
                return w;
            }
        }
        return ascii(h, from, to);
    }

    /** @return whether the bytes at from spell the ASCII word exactly (case-sensitive) */
    private static boolean equals(byte[] h, int from, String w) {
        for (int i = 0; i < w.length(); i++) {
            if (h[from + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] h, int from, int to) {
        return new String(h, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
