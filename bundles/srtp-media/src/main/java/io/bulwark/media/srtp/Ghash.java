package io.bulwark.media.srtp;

/**
 * GHASH, GCM's universal hash (NIST SP 800-38D section 6.4), by Shoup's method with an 8-bit table:
 * 256 multiples of the hash key H (4 KiB per key) and one shared reduction table, so a block costs
 * 16 table steps and nothing is allocated after construction.
 *
 * <p><b>Implementation choice.</b> Java 17 gives no access to the processor's carry-less multiply
 * outside the JDK's own GCM, and that GCM ({@code Cipher "AES/GCM/NoPadding"}) must be re-initialised
 * with a new {@code GCMParameterSpec} for every packet, which allocated about 1,040 octets per
 * 172-octet packet on the build machine. Bouncy Castle's {@code GCMBlockCipher} allocates about 900
 * per packet on re-init and ran 4 times slower; its {@code Tables4kGCMMultiplier} alone allocates
 * nothing but took about 800 ns for 12 blocks against about 580 ns for this class. So GCM here is
 * this GHASH plus {@link AesCounterMode}. Like every table-driven GHASH (Bouncy Castle's too) its
 * memory accesses depend on the data; the tables are per key and small, and the appliance serves
 * remote peers, not code sharing its caches.
 *
 * <p>Bit order follows the specification: the first octet's most significant bit is the
 * coefficient of x^0. The 128-bit values are kept as two longs, high = octets 0 to 7.
 *
 * <p>Not thread-safe: one instance per session key, used by the session's thread.
 */
final class Ghash {

    /** Octets of a GHASH block, input and output. */
    static final int BLOCK = 16;

    /** REDUCE[b]: what octet b shifted out past x^127 (as x^128..x^135) adds back, mod x^128 + x^7 + x^2 + x + 1. */
    private static final long[] REDUCE = reductionTable();

    private final long[] multiplesHigh = new long[256];
    private final long[] multiplesLow = new long[256];
    private final byte[] partial = new byte[BLOCK];
    private int partialLength;
    private long stateHigh;
    private long stateLow;

    /** @param hashKey H = AES_K(0^128), 16 octets */
    Ghash(byte[] hashKey) {
        long high = (long) Bytes.LONG_BE.get(hashKey, 0);
        long low = (long) Bytes.LONG_BE.get(hashKey, 8);
        // octet value 0x80 is the polynomial 1, so its multiple is H; each bit lower multiplies by x
        for (int bit = 0x80; bit > 0; bit >>>= 1) {
            multiplesHigh[bit] = high;
            multiplesLow[bit] = low;
            long carry = low & 1;
            low = (low >>> 1) | (high << 63);
            high = (high >>> 1) ^ (carry == 0 ? 0 : 0xE100000000000000L);
        }
        for (int power = 2; power < 256; power <<= 1) {
            for (int rest = 1; rest < power; rest++) {
                multiplesHigh[power | rest] = multiplesHigh[power] ^ multiplesHigh[rest];
                multiplesLow[power | rest] = multiplesLow[power] ^ multiplesLow[rest];
            }
        }
    }

    /** Starts a new hash. */
    void reset() {
        stateHigh = 0;
        stateLow = 0;
        partialLength = 0;
    }

    /** Hashes {@code buf[off, off + len)} as a continuation of the current segment. */
    void update(byte[] buf, int off, int len) {
        int at = off;
        int end = off + len;
        if (partialLength > 0) {
            int n = Math.min(BLOCK - partialLength, len);
            System.arraycopy(buf, at, partial, partialLength, n);
            partialLength += n;
            at += n;
            if (partialLength < BLOCK) {
                return;
            }
            multiply((long) Bytes.LONG_BE.get(partial, 0), (long) Bytes.LONG_BE.get(partial, 8));
            partialLength = 0;
        }
        for (; at + BLOCK <= end; at += BLOCK) {
            multiply((long) Bytes.LONG_BE.get(buf, at), (long) Bytes.LONG_BE.get(buf, at + 8));
        }
        if (at < end) {
            partialLength = end - at;
            System.arraycopy(buf, at, partial, 0, partialLength);
        }
    }

    /** Ends a segment (the associated data or the ciphertext): a partial block is padded with zeros. */
    void padSegment() {
        if (partialLength > 0) {
            for (int i = partialLength; i < BLOCK; i++) {
                partial[i] = 0;
            }
            multiply((long) Bytes.LONG_BE.get(partial, 0), (long) Bytes.LONG_BE.get(partial, 8));
            partialLength = 0;
        }
    }

    /**
     * Pads the last segment, hashes the length block (bit lengths of the associated data and the
     * ciphertext) and writes the 16-octet result to {@code out[off, off + 16)}.
     */
    void finish(long aadOctets, long ciphertextOctets, byte[] out, int off) {
        padSegment();
        multiply(aadOctets << 3, ciphertextOctets << 3);
        Bytes.LONG_BE.set(out, off, stateHigh);
        Bytes.LONG_BE.set(out, off + 8, stateLow);
    }

    /** state = (state XOR block) * H; the octets of the sum are taken from the last to the first. */
    private void multiply(long blockHigh, long blockLow) {
        long xHigh = stateHigh ^ blockHigh;
        long xLow = stateLow ^ blockLow;
        long zHigh = 0;
        long zLow = 0;
        for (int shift = 0; shift < 64; shift += 8) {
            int shiftedOut = (int) zLow & 0xff;
            zLow = (zLow >>> 8) | (zHigh << 56);
            zHigh = (zHigh >>> 8) ^ REDUCE[shiftedOut];
            int octet = (int) (xLow >>> shift) & 0xff;
            zHigh ^= multiplesHigh[octet];
            zLow ^= multiplesLow[octet];
        }
        for (int shift = 0; shift < 64; shift += 8) {
            int shiftedOut = (int) zLow & 0xff;
            zLow = (zLow >>> 8) | (zHigh << 56);
            zHigh = (zHigh >>> 8) ^ REDUCE[shiftedOut];
            int octet = (int) (xHigh >>> shift) & 0xff;
            zHigh ^= multiplesHigh[octet];
            zLow ^= multiplesLow[octet];
        }
        stateHigh = zHigh;
        stateLow = zLow;
    }

    private static long[] reductionTable() {
        long[] table = new long[256];
        for (int octet = 0; octet < 256; octet++) {
            long r = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((octet >>> bit & 1) != 0) {
                    // bit 7 of the low octet is x^120, so after the shift bit k is x^(135 - k) = x^128 * x^j
                    int j = 7 - bit;
                    // x^128 = x^7 + x^2 + x + 1; coefficient of x^d sits at bit 63 - d of the high long
                    r ^= (1L << (63 - j)) ^ (1L << (62 - j)) ^ (1L << (61 - j)) ^ (1L << (56 - j));
                }
            }
            table[octet] = r;
        }
        return table;
    }
}
