package io.bulwark.dos.table;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/**
 * Turns addresses into two-long keys without allocating: IPv6 as its 128 bits, IPv4 as
 * {@code ::ffff:a.b.c.d} (RFC 4291 section 2.5.5.2). Prefix lengths are then always counted in
 * the 128-bit space ({@code /24} of IPv4 is {@code /120}).
 */
public final class AddressKeys {

    /** The low word of {@code ::ffff:0.0.0.0}; the high word of a mapped address is 0. */
    public static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;
    /** Bits before an IPv4 address in its mapped form. */
    public static final int V4_OFFSET = 96;

    /**
     * {@link Inet4Address#hashCode()} has returned the address as an int since JDK 1.0, but it is
     * not specified; reading it saves the array {@link InetAddress#getAddress()} allocates. The
     * probe makes a JDK that does otherwise fall back to the array instead of keying wrongly.
     */
    private static final boolean V4_HASH_IS_ADDRESS = probeV4Hash();
    /** Seeds of the tables' hashes: unpredictable, so a sender cannot aim at one slot. */
    private static final SecureRandom SEEDS = new SecureRandom();

    private AddressKeys() {
    }

    /**
     * @param address an IPv4 address
     * @return the low word of its mapped form (the high word is 0)
     */
    public static long v4Lo(Inet4Address address) {
        int bits;
        if (V4_HASH_IS_ADDRESS) {
            bits = address.hashCode();
        } else {
            byte[] b = address.getAddress();
            bits = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        }
        return V4_MAPPED | (bits & 0xFFFF_FFFFL);
    }

    /**
     * @param bytes 4 or 16 address bytes
     * @return the high word of the key
     */
    public static long hi(byte[] bytes) {
        return bytes.length == 4 ? 0L : readLong(bytes, 0);
    }

    /**
     * @param bytes 4 or 16 address bytes
     * @return the low word of the key
     */
    public static long lo(byte[] bytes) {
        if (bytes.length == 4) {
            return V4_MAPPED | (readLong4(bytes) & 0xFFFF_FFFFL);
        }
        return readLong(bytes, 8);
    }

    /**
     * @param hi high word of a key
     * @param lo low word of a key
     * @return true when the key is an IPv4(-mapped) address
     */
    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED;
    }

    /**
     * @param hi high word of an address
     * @param length128 prefix length in the 128-bit space
     * @return the high word of its prefix
     */
    public static long maskHi(long hi, int length128) {
        if (length128 >= 64) {
            return hi;
        }
        return length128 <= 0 ? 0L : hi & (-1L << (64 - length128));
    }

    /**
     * @param lo low word of an address
     * @param length128 prefix length in the 128-bit space
     * @return the low word of its prefix
     */
    public static long maskLo(long lo, int length128) {
        if (length128 <= 64) {
            return 0L;
        }
        return length128 >= 128 ? lo : lo & (-1L << (128 - length128));
    }

    /**
     * A 32-bit hash of a key, keyed by a per-table random seed so that a sender cannot choose
     * addresses that all land on the same slots (the murmur3 64-bit finaliser over both words).
     *
     * @param hi high word
     * @param lo low word
     * @param seed the table's secret seed
     * @return the hash
     */
    public static int hash(long hi, long lo, long seed) {
        long h = seed ^ (hi * 0x9E37_79B9_7F4A_7C15L) ^ Long.rotateLeft(lo * 0xC2B2_AE3D_27D4_EB4FL, 31);
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** @return a fresh secret seed for {@link #hash} */
    public static long newSeed() {
        return SEEDS.nextLong();
    }

    /**
     * @param bytes the bytes
     * @param offset where the 8 big-endian bytes start
     * @return them as a long
     */
    public static long readLong(byte[] bytes, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xff);
        }
        return v;
    }

    private static long readLong4(byte[] b) {
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    private static boolean probeV4Hash() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7}).hashCode() == 0xCB00_7107
                    && InetAddress.getByAddress(new byte[] {10, 1, 2, (byte) 255}).hashCode() == 0x0A01_02FF;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
