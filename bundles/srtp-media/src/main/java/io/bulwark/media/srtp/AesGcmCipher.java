package io.bulwark.media.srtp;

/**
 * AES-GCM for SRTP and SRTCP (RFC 7714), built from {@link AesCounterMode} and {@link Ghash}
 * (NIST SP 800-38D: J0 = IV || 0^31 || 1, the payload encrypted from inc32(J0), the tag
 * {@code E_K(J0) XOR GHASH(A, C)}), so that no packet allocates; see {@link Ghash} for why the JDK's
 * GCM is not used.
 *
 * <p>The 12-octet IV is the session salt XOR {@code 0x0000 || SSRC || ROC || SEQ} for SRTP (section
 * 8.1) and XOR {@code 0x0000 || SSRC || 0x0000 || 0 || SRTCP index} for SRTCP (section 9.1). The
 * associated data is the RTP header (section 8.2); for SRTCP the first 8 octets and the E flag with
 * the index, or, unencrypted, the whole RTCP packet and that word (section 9.2). Tags are 16 octets;
 * a tag is checked before anything is decrypted.
 */
final class AesGcmCipher extends PacketCipher {

    /** Octets of the GCM tag RFC 7714 uses. */
    static final int TAG_LENGTH = 16;
    private static final int SALT_LENGTH = 12;

    private final AesCounterMode aes;
    private final Ghash ghash;
    private final byte[] salt;
    private final byte[] counterBlock = new byte[16];
    private final byte[] tagMask = new byte[16];
    private final byte[] computedTag = new byte[16];

    AesGcmCipher(SessionKeys keys) {
        this.salt = keys.salt();
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("GCM session salt of " + salt.length + " octets");
        }
        this.aes = new AesCounterMode(keys.encryptionKey());
        byte[] hashKey = new byte[16];
        aes.encryptBlock(new byte[16], hashKey, 0);
        this.ghash = new Ghash(hashKey);
    }

    @Override
    void protectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index, int tagOffset) {
        startRtp(ssrc, index);
        aes.xor(counterBlock, buf, off + headerLength, payloadLength);
        ghash.reset();
        ghash.update(buf, off, headerLength);
        ghash.padSegment();
        ghash.update(buf, off + headerLength, payloadLength);
        writeTag(headerLength, payloadLength, buf, tagOffset);
    }

    @Override
    boolean unprotectRtp(byte[] buf, int off, int headerLength, int payloadLength, int ssrc, long index,
            int tagOffset) {
        startRtp(ssrc, index);
        ghash.reset();
        ghash.update(buf, off, headerLength);
        ghash.padSegment();
        ghash.update(buf, off + headerLength, payloadLength);
        writeTag(headerLength, payloadLength, computedTag, 0);
        if (!Bytes.equalsConstantTime(computedTag, 0, buf, tagOffset, TAG_LENGTH)) {
            return false;
        }
        aes.xor(counterBlock, buf, off + headerLength, payloadLength);
        return true;
    }

    @Override
    void protectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset) {
        startRtcp(ssrc, srtcpIndex(indexWord));
        int clear = encrypted(indexWord) ? RTCP_CLEAR_PREFIX : bodyLength;
        aes.xor(counterBlock, buf, off + clear, bodyLength - clear);
        hashRtcp(buf, off, clear, bodyLength - clear, indexOffset);
        writeTag(clear + 4, bodyLength - clear, buf, tagOffset);
    }

    @Override
    boolean unprotectRtcp(byte[] buf, int off, int bodyLength, int ssrc, int indexWord, int indexOffset,
            int tagOffset) {
        startRtcp(ssrc, srtcpIndex(indexWord));
        int clear = encrypted(indexWord) ? RTCP_CLEAR_PREFIX : bodyLength;
        hashRtcp(buf, off, clear, bodyLength - clear, indexOffset);
        writeTag(clear + 4, bodyLength - clear, computedTag, 0);
        if (!Bytes.equalsConstantTime(computedTag, 0, buf, tagOffset, TAG_LENGTH)) {
            return false;
        }
        aes.xor(counterBlock, buf, off + clear, bodyLength - clear);
        return true;
    }

    /** Associated data: the clear octets and the index word, one segment; then the ciphertext. */
    private void hashRtcp(byte[] buf, int off, int clear, int encryptedLength, int indexOffset) {
        ghash.reset();
        ghash.update(buf, off, clear);
        ghash.update(buf, indexOffset, 4);
        ghash.padSegment();
        ghash.update(buf, off + clear, encryptedLength);
    }

    private void startRtp(int ssrc, long index) {
        counterBlock[0] = 0;
        counterBlock[1] = 0;
        Bytes.INT_BE.set(counterBlock, 2, ssrc);
        Bytes.INT_BE.set(counterBlock, 6, (int) (index >>> 16));
        Bytes.SHORT_BE.set(counterBlock, 10, (short) index);
        start();
    }

    private void startRtcp(int ssrc, int srtcpIndex) {
        counterBlock[0] = 0;
        counterBlock[1] = 0;
        Bytes.INT_BE.set(counterBlock, 2, ssrc);
        counterBlock[6] = 0;
        counterBlock[7] = 0;
        Bytes.INT_BE.set(counterBlock, 8, srtcpIndex);
        start();
    }

    /** Salts the IV, encrypts J0 for the tag and leaves inc32(J0) in the counter block. */
    private void start() {
        Bytes.xor(salt, 0, counterBlock, 0, SALT_LENGTH);
        Bytes.INT_BE.set(counterBlock, 12, 1);
        aes.encryptBlock(counterBlock, tagMask, 0);
        Bytes.INT_BE.set(counterBlock, 12, 2);
    }

    private void writeTag(long aadLength, long ciphertextLength, byte[] out, int outOffset) {
        ghash.finish(aadLength, ciphertextLength, out, outOffset);
        Bytes.xor(tagMask, 0, out, outOffset, TAG_LENGTH);
    }
}
