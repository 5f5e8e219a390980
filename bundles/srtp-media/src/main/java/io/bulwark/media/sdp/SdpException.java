package io.bulwark.media.sdp;

/**
 * An SDP that cannot be used, naming the line and the field that is wrong. The message never
 * quotes key material.
 */
public final class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    /**
     * @param line the 1-based line number, 0 when the SDP as a whole is wrong
     * @param field what is wrong, e.g. {@code m=} or {@code a=crypto key-params}
     * @param reason why
     */
    public SdpException(int line, String field, String reason) {
        super((line > 0 ? "line " + line + ", " : "") + field + ": " + reason);
        this.line = line;
        this.field = field;
    }

    /** @return the 1-based line number, 0 when the SDP as a whole is wrong */
    public int line() {
        return line;
    }

    /** @return the field that is wrong */
    public String field() {
        return field;
    }
}
