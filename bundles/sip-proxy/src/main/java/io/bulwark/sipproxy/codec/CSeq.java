package io.bulwark.sipproxy.codec;

/**
 * A parsed CSeq value (RFC 3261 20.16): {@code 1*DIGIT LWS Method}. The sequence number must be
 * less than 2**31 (RFC 3261 8.1.1.5); larger values are rejected rather than overflowing.
 *
 * @param number the sequence number, 0 to 2**31-1
 * @param method the method token
 */
public record CSeq(long number, String method) {

    /** Largest sequence number allowed (RFC 3261 8.1.1.5: less than 2**31). */
    public static final long MAX_NUMBER = Integer.MAX_VALUE;

    /** Validates the fields. */
    public CSeq {
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("CSeq number out of range: " + number);
        }
        if (!SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("CSeq method must be a token: " + method);
        }
    }

    /**
     * @param value the CSeq header value
     * @return the parsed value, or null when value is null
     * @throws SipParseException naming "CSeq" when the value is malformed or the number too large
     */
    public static CSeq parse(String value) {
        if (value == null) {
            return null;
        }
        SipScanner sc = new SipScanner(value, "CSeq");
        sc.skipWs();
        int start = sc.pos;
        while (!sc.atEnd() && SipSyntax.isDigit(sc.peek())) {
            sc.pos++;
        }
        long n = SipSyntax.parseUnsigned(value.substring(start, sc.pos), MAX_NUMBER);
        if (n == -1) {
            throw sc.error("missing sequence number");
        }
        if (n == -2) {
            throw sc.error("sequence number out of range (must be below 2**31)");
        }
        if (!sc.skipWs()) {
            throw sc.error("expected white space after the sequence number");
        }
        String method = sc.token();
        sc.skipWs();
        if (!sc.atEnd()) {
            throw sc.error("unexpected text after the method");
        }
        return new CSeq(n, method);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
