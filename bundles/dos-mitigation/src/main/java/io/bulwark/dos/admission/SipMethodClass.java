package io.bulwark.dos.admission;

/**
 * Sorts a framed message by the first token of its start line (RFC 3261 section 7.1), without
 * parsing or allocating, so that each class of request gets its own rate.
 */
final class SipMethodClass {

    /** INVITE requests: call attempts, the target of toll fraud. */
    static final int INVITE = 0;
    /** REGISTER requests: the target of brute force. */
    static final int REGISTER = 1;
    /** OPTIONS requests: the usual scanner probe. */
    static final int OPTIONS = 2;
    /** Every other request. */
    static final int OTHER = 3;
    /** How many request classes there are. */
    static final int COUNT = 4;
    /** A response; not limited per method. */
    static final int RESPONSE = -1;

    private static final byte[] INVITE_SP = ascii("INVITE ");
    private static final byte[] REGISTER_SP = ascii("REGISTER ");
    private static final byte[] OPTIONS_SP = ascii("OPTIONS ");
    private static final byte[] SIP_VERSION = ascii("SIP/");
    /** Leading CRLFs a stream may carry before a message (RFC 3261 section 7.5). */
    private static final int MAX_LEADING_CRLF = 8;

    private SipMethodClass() {
    }

    /**
     * @param message the framed message
     * @return {@link #INVITE}, {@link #REGISTER}, {@link #OPTIONS}, {@link #OTHER} or {@link
     *     #RESPONSE}
     */
    static int of(byte[] message) {
        if (message == null) {
            return OTHER;
        }
        int start = 0;
        while (start < message.length && start < MAX_LEADING_CRLF
                && (message[start] == '\r' || message[start] == '\n')) {
            start++;
        }
        // methods are case-sensitive (RFC 3261 section 7.1), so a plain byte compare is right
        if (startsWith(message, start, SIP_VERSION)) {
            return RESPONSE;
        }
        if (startsWith(message, start, INVITE_SP)) {
            return INVITE;
        }
        if (startsWith(message, start, REGISTER_SP)) {
            return REGISTER;
        }
        if (startsWith(message, start, OPTIONS_SP)) {
            return OPTIONS;
        }
        return OTHER;
    }

    private static boolean startsWith(byte[] message, int offset, byte[] prefix) {
        if (message.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
