package io.bulwark.sipproxy.codec;

/**
 * Outcome of {@link SipMessageDecoder#decode(byte[], int, int, boolean)}. Exactly one of three
 * states:
 * <ul>
 *   <li>{@link #ok()}: {@link #message()} is the decoded message;</li>
 *   <li>{@link #incomplete()} (stream transports only): more bytes are needed, nothing was decoded;</li>
 *   <li>error: {@link #errorStatus()} is the status code to answer with (400, 413, 513, ...) or 0 when
 *       the message must simply be dropped (every malformed response, and input that is not
 *       recognisably SIP); {@link #message()} is then a best-effort partial message holding the start
 *       line and the header lines that could be read (or null), so the proxy can copy Via, From, To,
 *       Call-ID and CSeq into its error response (see {@link SipResponses#reject(DecodeResult, String)}).</li>
 * </ul>
 * {@link #consumed()} is the number of bytes, from the offset passed to the decoder, that belong to
 * the decoded message (leading CRLFs included); for a datagram it is always the whole datagram, since
 * bytes after Content-Length are discarded (RFC 3261 18.3). On a stream an error leaves the framing in doubt: the
 * transport should send the error response (if any) and close the connection.
 */
public final class DecodeResult {

    private static final DecodeResult[] INCOMPLETE = new DecodeResult[8];

    static {
        for (int i = 0; i < INCOMPLETE.length; i++) {
            INCOMPLETE[i] = new DecodeResult(false, true, null, 0, null, i);
        }
    }

    private final boolean ok;
    private final boolean incomplete;
    private final SipMessageImpl message;
    private final int errorStatus;
    private final String errorReason;
    private final int consumed;

    private DecodeResult(boolean ok, boolean incomplete, SipMessageImpl message, int errorStatus,
            String errorReason, int consumed) {
        this.ok = ok;
        this.incomplete = incomplete;
        this.message = message;
        this.errorStatus = errorStatus;
        this.errorReason = errorReason;
        this.consumed = consumed;
    }

    static DecodeResult success(SipMessageImpl message, int consumed) {
        return new DecodeResult(true, false, message, 0, null, consumed);
    }

    static DecodeResult failure(SipMessageImpl partial, int status, String reason, int consumed) {
        return new DecodeResult(false, false, partial, status, reason, consumed);
    }

    /** @param skippable leading CRLF bytes the caller may discard */
    static DecodeResult needMore(int skippable) {
        return skippable < INCOMPLETE.length ? INCOMPLETE[skippable]
            : new DecodeResult(false, true, null, 0, null, skippable);
    }

    /** @return true when a complete, syntactically valid message was decoded */
    public boolean ok() {
        return ok;
    }

    /** @return true when a stream needs more bytes before a message can be decoded */
    public boolean incomplete() {
        return incomplete;
    }

    /** @return true for an error that must be answered by silently dropping the input */
    public boolean drop() {
        return !ok && !incomplete && errorStatus == 0;
    }

    /** @return the message when ok, a best-effort partial message or null on error, null when incomplete */
    public SipMessageImpl message() {
        return message;
    }

    /** @return the status to answer with, or 0 (ok, incomplete, or drop) */
    public int errorStatus() {
        return errorStatus;
    }

    /** @return what was wrong, naming the offending field (e.g. "Content-Length: negative value"), or null */
    public String errorReason() {
        return errorReason;
    }

    /**
     * @return bytes (from the decoder's offset) belonging to the message; when incomplete, the number of
     *     leading CRLF bytes the caller may discard
     */
    public int consumed() {
        return consumed;
    }

    @Override
    public String toString() {
        if (ok) {
            return "DecodeResult[ok " + message + "]";
        }
        return incomplete ? "DecodeResult[incomplete]" : "DecodeResult[error " + errorStatus + " " + errorReason + "]";
    }
}
