package io.bulwark.media.srtp;

/**
 * AES counter mode with HMAC-SHA1 (RFC 3711 sections 4.1.1 and 4.2.1; RFC 6188 for AES-256).
 *
 * <p>The counter block is {@code (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)}, with i the 48-bit
 * SRTP index or the 31-bit SRTCP index. The SRTP tag is the truncated HMAC of the header, the
 * encrypted payload and the 32-bit ROC; the SRTCP tag covers the packet, encrypted part included,
 * and the E flag with the index.
 */
final class AesCmHmacCipher extends PacketCipher {

    private final AesCounterMode aes;
    private final HmacSha1 mac;
    private final int tagLength;
    /** Octets 0 to 7 of the salt, shifted into the counter block. */
    private final long saltHigh;
    /** Octets 8 to 13 of the salt, followed by the two zero octets the block counter starts from. */
    private final long saltLow;
    private final byte[] counterBlock = new byte[16];
    private final byte[] computedTag = new byte[HmacSha1.LENGTH];

    AesCmHmacCipher(SessionKeys keys, int tagLength) {
        byte[] salt = keys.salt();
        if (salt.length != 14) {
            throw new IllegalArgumentException("AES-CM session salt of " + salt.length + " octets");
        }
        byte[] block = new byte[16];
        System.arraycopy(salt, 0, block, 0, 14);
        this.saltHigh = (long) Bytes.LONG_BE.get(block, 0);
        this.saltLow = (long) Bytes.LONG_BE.get(block, 8);
        this.aes = new AesCounterMode(keys.encryptionKey());
        this.mac = new HmacSha1(keys.authenticationKey());
        this.tagLength = tagLength;
    }

    @Override
    void protectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index, int tagOffset) {
        setCounterBlock(ssrc, index);
        aes.xor(counterBlock, buf, off + headerLength, payloadLength);
        rtpTag(buf, off, headerLength + payloadLength, index);
        System.arraycopy(computedTag, 0, buf, tagOffset, tagLength);
    }

    @Override
    boolean unprotectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index,
            int tagOffset) {
        rtpTag(buf, off, headerLength + payloadLength, index);
        if (!Bytes.equalsConstantTime(computedTag, 0, buf, tagOffset, tagLength)) {
            return false;
        }
        setCounterBlock(ssrc, index);
        aes.xor(counterBlock, buf, off + headerLength, payloadLength);
        return true;
    }

    @Override
    void protectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset) {
        if (encrypted(indexWord)) {
            setCounterBlock(ssrc, srtcpIndex(indexWord));
            aes.xor(counterBlock, buf, off + RTCP_CLEAR_PREFIX, bodyLength - RTCP_CLEAR_PREFIX);
        }
        rtcpTag(buf, off, bodyLength, indexOffset);
        System.arraycopy(computedTag, 0, buf, tagOffset, tagLength);
    }

    @Override
    boolean unprotectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset) {
        rtcpTag(buf, off, bodyLength, indexOffset);
        if (!Bytes.equalsConstantTime(computedTag, 0, buf, tagOffset, tagLength)) {
            return false;
        }
        if (encrypted(indexWord)) {
            setCounterBlock(ssrc, srtcpIndex(indexWord));
            aes.xor(counterBlock, buf, off + RTCP_CLEAR_PREFIX, bodyLength - RTCP_CLEAR_PREFIX);
        }
        return true;
    }

    private void setCounterBlock(int ssrc, long index) {
        Bytes.LONG_BE.set(counterBlock, 0, saltHigh ^ (ssrc & 0xffffffffL));
        Bytes.LONG_BE.set(counterBlock, 8, saltLow ^ (index << 16));
    }

    private void rtpTag(byte[] buf, int off, int authenticatedLength, long index) {
        mac.start();
        mac.update(buf, off, authenticatedLength);
        mac.updateInt((int) (index >>> 16));
        mac.finish(computedTag, 0);
    }

    private void rtcpTag(byte[] buf, int off, int bodyLength, int indexOffset) {
        mac.start();
        mac.update(buf, off, bodyLength);
        mac.update(buf, indexOffset, 4);
        mac.finish(computedTag, 0);
    }
}
