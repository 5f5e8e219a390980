package io.bulwark.media.srtp;

/**
 * The length of an RTP header (RFC 3550 section 5.1): 12 octets, 4 per CSRC, and, when the X bit
 * is set, the extension's 4-octet preamble plus its length in 32-bit words (section 5.3.1). Padding
 * is part of the payload, which SRTP encrypts whole.
 */
final class RtpHeader {

    /** Octets of the fixed header. */
    static final int FIXED_LENGTH = 12;
    /** RTP and RTCP version 2, in the two top bits of the first octet. */
    static final int VERSION = 2;

    private RtpHeader() {
    }

    /**
     * The header length of the RTP packet in {@code buf[off, off + len)}, or the negative code of
     * {@link SrtpStatus#TOO_SHORT} (under 12 octets) or {@link SrtpStatus#BAD_PACKET} (not version
     * 2, or CSRCs or an extension running past {@code len}).
     */
    static int length(byte[] buf, int off, int len) {
        if (len < FIXED_LENGTH) {
            return SrtpStatus.TOO_SHORT.code();
        }
        int first = buf[off] & 0xff;
        if (first >>> 6 != VERSION) {
            return SrtpStatus.BAD_PACKET.code();
        }
        int length = FIXED_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length + 4 > len) {
                return SrtpStatus.BAD_PACKET.code();
            }
            length += 4 + 4 * Bytes.u16(buf, off + length + 2);
        }
        return length <= len ? length : SrtpStatus.BAD_PACKET.code();
    }

    /** Whether the first octet of {@code buf[off]} says RTP or RTCP version 2. */
    static boolean isVersion2(byte[] buf, int off) {
        return (buf[off] & 0xff) >>> 6 == VERSION;
    }
}
