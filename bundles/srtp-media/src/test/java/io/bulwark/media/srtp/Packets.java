package io.bulwark.media.srtp;

import java.util.Random;

/** RTP and RTCP packets for the session tests, in buffers with room to protect them. */
final class Packets {

    /** Room left after every packet: more than any suite's trailer with the longest MKI used here. */
    static final int ROOM = 64;

    private Packets() {
    }

    /** An RTP packet: version 2, payload type 0, the given fields, a payload of {@code payloadLength} octets. */
    static byte[] rtp(int seq, int ssrc, int payloadLength, Random random) {
        byte[] buf = new byte[12 + payloadLength + ROOM];
        buf[0] = (byte) 0x80;
        Bytes.SHORT_BE.set(buf, 2, (short) seq);
        Bytes.putI32(buf, 4, random.nextInt());
        Bytes.putI32(buf, 8, ssrc);
        for (int i = 12; i < 12 + payloadLength; i++) {
            buf[i] = (byte) random.nextInt();
        }
        return buf;
    }

    /** An RTCP sender report's first 8 octets and {@code bodyLength - 8} random ones. */
    static byte[] rtcp(int ssrc, int bodyLength, Random random) {
        byte[] buf = new byte[bodyLength + ROOM];
        random.nextBytes(buf);
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 200;
        Bytes.putI32(buf, 4, ssrc);
        return buf;
    }

    static SrtpSession session(SrtpPolicy policy, long seed) {
        Random random = new Random(seed);
        byte[] key = new byte[policy.suite().keyLength()];
        byte[] salt = new byte[policy.suite().saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpSession(policy, key, salt);
    }
}
