package io.bulwark.sipproxy.codec;

import java.util.List;

/**
 * Outcome of {@link SipMessageValidator#validate(SipMessageImpl)}: either ok, or the status the
 * proxy answers a request with (400, 416, 420, 483, 505), or a drop (status 0: malformed responses
 * are never answered). For 420 Bad Extension, {@link #unsupported()} lists the Proxy-Require option
 * tags to echo in an Unsupported header.
 */
public final class ValidationResult {

    private static final ValidationResult OK = new ValidationResult(true, 0, null, List.of());

    private final boolean ok;
    private final int status;
    private final String reason;
    private final List<String> unsupported;

    private ValidationResult(boolean ok, int status, String reason, List<String> unsupported) {
        this.ok = ok;
        this.status = status;
        this.reason = reason;
        this.unsupported = unsupported;
    }

    static ValidationResult accepted() {
        return OK;
    }

    static ValidationResult reject(int status, String reason) {
        return new ValidationResult(false, status, reason, List.of());
    }

    static ValidationResult dropped(String reason) {
        return new ValidationResult(false, 0, reason, List.of());
    }

    static ValidationResult badExtension(List<String> tags) {
        return new ValidationResult(false, 420, "Proxy-Require: unsupported " + String.join(", ", tags),
            List.copyOf(tags));
    }

    /** @return true when the message may be processed further */
    public boolean ok() {
        return ok;
    }

    /** @return the status to answer with, or 0 when ok or when the message must be dropped */
    public int status() {
        return status;
    }

    /** @return true when the message must be silently dropped */
    public boolean drop() {
        return !ok && status == 0;
    }

    /** @return what was wrong, naming the header (e.g. "CSeq: method does not match ..."), or null when ok */
    public String reason() {
        return reason;
    }

    /** @return the unsupported Proxy-Require option tags (non-empty only for 420) */
    public List<String> unsupported() {
        return unsupported;
    }

    @Override
    public String toString() {
        return ok ? "ValidationResult[ok]" : "ValidationResult[" + status + " " + reason + "]";
    }
}
