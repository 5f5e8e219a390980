package io.bulwark.dos.table;

import java.net.InetAddress;

/**
 * The keys of recently seen IPv6 addresses. {@link InetAddress#getAddress()} is the only way to
 * read an IPv6 address's bits, and it returns a fresh copy of a length the JIT cannot know, so
 * escape analysis never removes it: 32 bytes per packet. This 4-way set-associative cache,
 * indexed by {@link InetAddress#hashCode()} and checked with {@link InetAddress#equals} (neither
 * allocates), makes a repeat source free; only an address not seen lately costs the copy and one
 * small entry (64 bytes in all).
 *
 * <p>Bounded: {@value #ENTRIES} entries, each holding one address (about 120 bytes with its
 * entry), so at most about 2 MiB. Entries are immutable and replaced by one reference write, so
 * threads share the cache without locks.
 */
public final class Ipv6KeyCache {

    /** Number of entries. */
    public static final int ENTRIES = 16_384;
    private static final int WAYS = 4;

    /** A cached key. */
    public static final class Key {
        private final InetAddress address;
        /** High word of the address. */
        public final long hi;
        /** Low word of the address. */
        public final long lo;

        private Key(InetAddress address, long hi, long lo) {
            this.address = address;
            this.hi = hi;
            this.lo = lo;
        }
    }

    private final Key[] keys = new Key[ENTRIES];

    /**
     * @param address an IPv6 address
     * @return its key
     */
    public Key keyOf(InetAddress address) {
        int h = address.hashCode() * 0x9E37_79B9;
        int set = (h ^ (h >>> 16)) & (ENTRIES - WAYS);
        int victim = set + ((h >>> 28) & (WAYS - 1));
        for (int i = set; i < set + WAYS; i++) {
            Key k = keys[i];
            if (k == null) {
                victim = i;
            } else if (k.address.equals(address)) {
                return k;
            }
        }
        byte[] b = address.getAddress();
        Key k = new Key(address, AddressKeys.readLong(b, 0), AddressKeys.readLong(b, 8));
        keys[victim] = k;
        return k;
    }
}
