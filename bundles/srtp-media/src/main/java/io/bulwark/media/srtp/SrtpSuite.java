package io.bulwark.media.srtp;

import java.util.Optional;

/**
 * The SRTP crypto suites the media relay speaks, named as SDP security descriptions name them
 * (RFC 4568 section 6.2, RFC 6188 section 6, RFC 7714 section 14.1), with the lengths each uses.
 *
 * <p>The {@code _32} suites shorten only the SRTP tag: SRTCP keeps the 80-bit tag (RFC 4568
 * section 6.2.1: "the SRTCP authentication tag is 80 bits"; RFC 3711 section 5). The AEAD suites
 * carry a 16-octet GCM tag on both and take a 96-bit salt (RFC 7714 sections 8 and 12).
 */
public enum SrtpSuite {
    /** AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 3711, RFC 4568). */
    AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10, false),
    /** AES-128 counter mode, HMAC-SHA1 with a 32-bit SRTP tag and an 80-bit SRTCP tag. */
    AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10, false),
    /** AES-256 counter mode, HMAC-SHA1 with an 80-bit tag (RFC 6188). */
    AES_256_CM_HMAC_SHA1_80(32, 14, 10, 10, false),
    /** AES-256 counter mode, HMAC-SHA1 with a 32-bit SRTP tag and an 80-bit SRTCP tag (RFC 6188). */
    AES_256_CM_HMAC_SHA1_32(32, 14, 4, 10, false),
    /** AES-128 in Galois/counter mode with a 16-octet tag (RFC 7714). */
    AEAD_AES_128_GCM(16, 12, 16, 16, true),
    /** AES-256 in Galois/counter mode with a 16-octet tag (RFC 7714). */
    AEAD_AES_256_GCM(32, 12, 16, 16, true);

    /** Length of the HMAC-SHA1 session authentication key (RFC 3711 section 5.1: 160 bits). */
    static final int HMAC_SHA1_KEY_LENGTH = 20;

    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final boolean aead;

    SrtpSuite(int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength, boolean aead) {
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
    }

    /** Octets of the master key and of each session encryption key. */
    public int keyLength() {
        return keyLength;
    }

    /** Octets of the master salt and of each session salt: 14, or 12 for the AEAD suites. */
    public int saltLength() {
        return saltLength;
    }

    /** Octets of the authentication tag on SRTP packets. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Octets of the authentication tag on SRTCP packets: 10 for every HMAC suite, 16 for GCM. */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Whether the suite is an AEAD (GCM) one, which needs no separate authentication key. */
    public boolean aead() {
        return aead;
    }

    /** Octets of the session authentication key: 20 for the HMAC suites, none for GCM. */
    public int authKeyLength() {
        return aead ? 0 : HMAC_SHA1_KEY_LENGTH;
    }

    /** The suite an SDP {@code a=crypto} line names, if it is one of these. */
    public static Optional<SrtpSuite> forSdesName(String name) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
