package io.bulwark.media.dtls;

/**
 * What a datagram on a media port is, told by its first octet (RFC 7983 section 7, which updates
 * RFC 5764 section 5.1.2): DTLS records start with a content type of 20 to 63, RTP and RTCP with
 * version 2 (128 to 191). Everything else (STUN 0-3, ZRTP 16-19, TURN channels 64-79, and the
 * unassigned ranges) is {@link #OTHER}: the relay speaks neither ICE nor ZRTP, so it drops them.
 * The first octet is all it takes, so the relay can sort a packet before parsing anything.
 */
public enum MediaPacketKind {
    /** A DTLS record: hand it to the handshake. */
    DTLS,
    /** RTP or RTCP (plain or protected): the media path. */
    RTP_OR_RTCP,
    /** Anything else: drop. */
    OTHER;

    /** The kind of a datagram whose first octet is {@code firstByte} (0 to 255, or a signed byte). */
    public static MediaPacketKind ofFirstByte(int firstByte) {
        int b = firstByte & 0xff;
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_OR_RTCP;
        }
        return OTHER;
    }

    /** The kind of the datagram in {@code buf[off, off + len)}; an empty one is {@link #OTHER}. */
    public static MediaPacketKind of(byte[] buf, int off, int len) {
        return len <= 0 ? OTHER : ofFirstByte(buf[off]);
    }
}
