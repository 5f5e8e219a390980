package io.bulwark.media.srtp;

/**
 * Why a packet was not protected or unprotected. {@link SrtpSession}'s methods answer the new
 * packet length, or the negative {@link #code()} of one of these, so that the relay can count and
 * drop bad packets without an exception on the media path.
 */
public enum SrtpStatus {
    /** Done; never returned as a code (the methods return a length instead). */
    OK(0),
    /** The authentication tag did not match: forged, corrupted or keyed differently. */
    AUTH_FAIL(-1),
    /** The packet index was already seen (a duplicate or a replay). */
    REPLAY_FAIL(-2),
    /** The packet index is older than the replay window, so it can't be told from a replay. */
    REPLAY_OLD(-3),
    /** Shorter than the header and the trailer the suite needs. */
    TOO_SHORT(-4),
    /** Not RTP or RTCP version 2, a header that runs past the packet, or an offset or length outside the buffer. */
    BAD_PACKET(-5),
    /** The MKI in the packet is not the session's. */
    BAD_MKI(-6),
    /** The buffer has no room after the packet for the trailer protect appends. */
    BUFFER_TOO_SMALL(-7),
    /** The session already tracks as many SSRCs as its policy allows. */
    TOO_MANY_STREAMS(-8),
    /** The packet index space of the key is used up (SRTCP index 2^31, SRTP index 2^48): re-key. */
    KEY_EXHAUSTED(-9);

    private static final SrtpStatus[] BY_NEGATED_CODE = values();

    private final int code;

    SrtpStatus(int code) {
        this.code = code;
    }

    /** The value the session's methods return for this status: zero for OK, negative otherwise. */
    public int code() {
        return code;
    }

    /**
     * The status of a result the session returned: {@link #OK} for a length (zero or more), the
     * matching status for a negative code.
     *
     * @throws IllegalArgumentException for a negative number that is no status code
     */
    public static SrtpStatus of(int result) {
        if (result >= 0) {
            return OK;
        }
        if (result < -(BY_NEGATED_CODE.length - 1)) {
            throw new IllegalArgumentException("not an SRTP status code: " + result);
        }
        return BY_NEGATED_CODE[-result];
    }
}
