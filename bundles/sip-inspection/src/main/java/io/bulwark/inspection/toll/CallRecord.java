package io.bulwark.inspection.toll;

/**
 * What the inspector remembers of an outbound call in progress, as one string value of the
 * inspection state ({@code start|max|answered|tag|destination|extension}).
 *
 * @param start when its INVITE was relayed, epoch milliseconds
 * @param maxMillis the longest it may last (the limit of the period it was placed in)
 * @param answered when it was answered (the first 2xx), or 0 while it is not
 * @param tag the caller's tag (the INVITE's From tag), or "" when it had none
 * @param destination the dialed number in E.164 form, or "" for a Request-URI that dials none
 * @param extension the calling extension
 */
record CallRecord(long start, long maxMillis, long answered, String tag, String destination, String extension) {

    /** @return the value stored */
    String encode() {
        return start + "|" + maxMillis + "|" + answered + "|" + tag + "|" + destination + "|" + extension;
    }

    /** @return the record of a stored value, or null when it cannot be read */
    static CallRecord decode(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.split("\\|", 6);
        if (f.length != 6) {
            return null;
        }
        try {
            return new CallRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4], f[5]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the same call, answered at that time */
    CallRecord answeredAt(long millis) {
        return new CallRecord(start, maxMillis, millis, tag, destination, extension);
    }

    /** @return when the call must end: its answer (or, until then, its start) plus its maximum */
    long deadline() {
        return (answered > 0 ? answered : start) + maxMillis;
    }

    /**
     * @param now the clock
     * @param setupMillis how long an unanswered call counts as active
     * @return true while the call counts against the concurrency limits: answered and not past
     *     its deadline, or still being set up
     */
    boolean active(long now, long setupMillis) {
        return answered > 0 ? now < deadline() : now < start + setupMillis;
    }
}
