package io.bulwark.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode, XORed in place into a buffer, with the counter block given per call: the
 * keystream of SRTP's AES-CM (RFC 3711 section 4.1.1), of the AES-CM PRF (section 4.3.3) and of
 * GCM's GCTR (NIST SP 800-38D section 6.5). The low 32 bits of the counter block are incremented
 * per 16-octet block (GCM's inc32; for AES-CM the low 16 bits start at zero and a packet never
 * needs 2^16 blocks, so this equals RFC 3711's 128-bit increment).
 *
 * <p><b>Implementation choice.</b> The blocks are encrypted by the JDK's {@code AES/ECB/NoPadding}
 * {@link Cipher}, keyed once, over a preallocated run of counter blocks: it uses the processor's
 * AES instructions (HotSpot intrinsic) and allocates nothing per call. Measured on this appliance's
 * build machine (Java 17, one core, 160-octet payload, while other builds ran): JDK ECB about
 * 140-270 ns per payload against about 1,660 ns for Bouncy Castle's table-based {@code AESEngine}
 * (pure Java, no AES-NI), so the JDK is 6 to 10 times faster. The JDK's own
 * {@code AES/CTR/NoPadding} would need a new {@code IvParameterSpec} and a re-init per packet
 * (112 octets of garbage each), which this avoids.
 *
 * <p>Not thread-safe: one instance per session key, used by the session's thread.
 */
final class AesCounterMode {

    /** Counter blocks encrypted per call to the cipher; bounds the scratch buffers (512 octets each). */
    private static final int BLOCKS_PER_CHUNK = 32;
    private static final int CHUNK = BLOCKS_PER_CHUNK * 16;

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    /**
     * @param key an AES key of 16, 24 or 32 octets
     * @throws IllegalArgumentException if the key has another length
     */
    AesCounterMode(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key of " + key.length + " octets");
        }
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding", e);
        }
    }

    /**
     * XORs the keystream that starts at {@code counterBlock} into {@code buf[off, off + len)}.
     *
     * @param counterBlock 16 octets: the first counter block; not modified
     */
    void xor(byte[] counterBlock, byte[] buf, int off, int len) {
        int prefixHigh = (int) Bytes.INT_BE.get(counterBlock, 0);
        long middle = (long) Bytes.LONG_BE.get(counterBlock, 4);
        int counter = (int) Bytes.INT_BE.get(counterBlock, 12);
        int done = 0;
        while (done < len) {
            int n = Math.min(CHUNK, len - done);
            int blocks = (n + 15) >>> 4;
            for (int b = 0; b < blocks; b++) {
                int at = b << 4;
                Bytes.INT_BE.set(counters, at, prefixHigh);
                Bytes.LONG_BE.set(counters, at + 4, middle);
                Bytes.INT_BE.set(counters, at + 12, counter++);
            }
            encrypt(counters, blocks << 4, keystream);
            Bytes.xor(keystream, 0, buf, off + done, n);
            done += n;
        }
    }

    /** Encrypts one 16-octet block {@code in} into {@code out[outOff, outOff + 16)}. */
    void encryptBlock(byte[] in, byte[] out, int outOff) {
        try {
            ecb.update(in, 0, 16, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block with room for it failed", e);
        }
    }

    private void encrypt(byte[] in, int len, byte[] out) {
        try {
            ecb.update(in, 0, len, out, 0);
        } catch (GeneralSecurityException e) {
            // ShortBufferException only, and out is as long as in: not reachable
            throw new IllegalStateException("AES block run with room for it failed", e);
        }
    }
}
