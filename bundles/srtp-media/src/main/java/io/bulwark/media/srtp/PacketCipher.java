package io.bulwark.media.srtp;

/**
 * The cryptographic transform of one session key set (SRTP's or SRTCP's) on packets whose layout
 * the session has already checked: it encrypts or decrypts in place and writes or verifies the tag.
 * Where the MKI and the SRTCP index word go is the session's business; the SRTCP index word is in
 * the buffer before either method is called, as it is authenticated.
 */
abstract class PacketCipher {

    /** The cipher {@code suite} uses for SRTP ({@code rtcp} false) or SRTCP keys. */
    static PacketCipher create(SrtpSuite suite, SessionKeys keys, boolean rtcp) {
        if (suite.aead()) {
            return new AesGcmCipher(keys);
        }
        return new AesCmHmacCipher(keys, rtcp ? suite.rtcpTagLength() : suite.rtpTagLength());
    }

    /**
     * Encrypts the payload {@code buf[off + headerLength, + payloadLength)} and writes the tag at
     * {@code tagOffset}.
     *
     * @param index the 48-bit packet index, ROC * 2^16 + SEQ
     */
    abstract void protectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index,
            int tagOffset);

    /**
     * Verifies the tag at {@code tagOffset} and, only if it matches, decrypts the payload.
     *
     * @return whether the tag matched
     */
    abstract boolean unprotectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index,
            int tagOffset);

    /**
     * Encrypts the RTCP packet after its first 8 octets if the E flag of {@code indexWord} is set,
     * and writes the tag at {@code tagOffset}.
     *
     * @param bodyLength octets of the RTCP packet(s), header included
     * @param indexWord the E flag and the 31-bit SRTCP index, already at {@code indexOffset}
     */
    abstract void protectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset);

    /**
     * Verifies the tag at {@code tagOffset} and, only if it matches and the E flag is set, decrypts.
     *
     * @return whether the tag matched
     */
    abstract boolean unprotectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset);

    /** The first octet of an RTCP packet that SRTCP encrypts: the header and the sender's SSRC stay clear. */
    static final int RTCP_CLEAR_PREFIX = 8;

    /** Whether the SRTCP E flag (encrypted) is set in an index word. */
    static boolean encrypted(int indexWord) {
        return indexWord < 0;
    }

    /** The 31-bit SRTCP index of an index word. */
    static int srtcpIndex(int indexWord) {
        return indexWord & 0x7fffffff;
    }
}
