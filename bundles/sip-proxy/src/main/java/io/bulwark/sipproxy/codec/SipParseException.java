package io.bulwark.sipproxy.codec;

/**
 * Thrown by the header value parsers ({@link SipUri}, {@link NameAddress}, {@link Via}, {@link CSeq})
 * when a value does not match the RFC 3261 section 25 grammar. The message names the field, e.g.
 * {@code "Via: missing sent-by host"}. No stack trace is recorded: malformed input is an expected,
 * attacker-controlled event and must stay cheap.
 */
public final class SipParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Name of the field or header that failed to parse. */
    private final String field;

    /** Description of the problem, without the field name. */
    private final String detail;

    /**
     * @param field the header or element that failed to parse, e.g. "Via" or "URI"
     * @param detail what is wrong
     */
    public SipParseException(String field, String detail) {
        super(field + ": " + detail, null, false, false);
        this.field = field;
        this.detail = detail;
    }

    /** @return the header or element that failed to parse */
    public String field() {
        return field;
    }

    /** @return the description of the problem without the field name */
    public String detail() {
        return detail;
    }
}
