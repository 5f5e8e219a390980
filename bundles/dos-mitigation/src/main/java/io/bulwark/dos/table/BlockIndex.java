package io.bulwark.dos.table;

import io.bulwark.api.decision.AddressBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable set of address blocks with an int per block, answering "which block holds this
 * address" in a few hash probes and without allocating: one small hash table per prefix length
 * present, searched from the longest length down. Built off the hot path whenever bans or the
 * allow-list change, then swapped in with one volatile write.
 *
 * <p>IPv4 and IPv6 blocks are kept apart, so that a ban of {@code ::/0} does not hold the IPv4
 * addresses whose mapped form it technically covers.
 */
public final class BlockIndex {

    /** Holds nothing. */
    public static final BlockIndex EMPTY = new Builder().build();

    private final Level[] v4Levels;
    private final Level[] v6Levels;
    private final int size;

    private BlockIndex(Level[] v4Levels, Level[] v6Levels, int size) {
        this.v4Levels = v4Levels;
        this.v6Levels = v6Levels;
        this.size = size;
    }

    /** @return how many distinct blocks it holds */
    public int size() {
        return size;
    }

    /**
     * @param hi high word of an address key ({@link AddressKeys})
     * @param lo low word of an address key
     * @return the value of the longest block holding the address, or -1 when none does
     */
    public int lookup(long hi, long lo) {
        Level[] levels = AddressKeys.isV4(hi, lo) ? v4Levels : v6Levels;
        for (Level level : levels) {
            int v = level.get(AddressKeys.maskHi(hi, level.length128), AddressKeys.maskLo(lo, level.length128));
            if (v >= 0) {
                return v;
            }
        }
        return -1;
    }

    /** Collects blocks, then builds the index. */
    public static final class Builder {

        private final TreeMap<Integer, List<long[]>> v4 = new TreeMap<>();
        private final TreeMap<Integer, List<long[]>> v6 = new TreeMap<>();

        /**
         * @param block a block; a block added twice keeps the value given last
         * @param value its value, 0 or more
         * @return this builder
         */
        public Builder add(AddressBlock block, int value) {
            if (value < 0) {
                throw new IllegalArgumentException("value must be 0 or more");
            }
            byte[] bytes = block.network().getAddress();
            int length128 = block.prefixLength() + (bytes.length == 4 ? AddressKeys.V4_OFFSET : 0);
            (bytes.length == 4 ? v4 : v6).computeIfAbsent(length128, k -> new ArrayList<>())
                    .add(new long[] {AddressKeys.hi(bytes), AddressKeys.lo(bytes), value});
            return this;
        }

        /** @return the index */
        public BlockIndex build() {
            Level[] l4 = levels(v4);
            Level[] l6 = levels(v6);
            return new BlockIndex(l4, l6, distinct(l4) + distinct(l6));
        }

        private static Level[] levels(TreeMap<Integer, List<long[]>> byLength) {
            Level[] out = new Level[byLength.size()];
            int i = 0;
            for (var e : byLength.descendingMap().entrySet()) {
                out[i++] = new Level(e.getKey(), e.getValue());
            }
            return out;
        }

        private static int distinct(Level[] levels) {
            int n = 0;
            for (Level l : levels) {
                n += l.count;
            }
            return n;
        }
    }

    /** The blocks of one prefix length: linear probing at a load of at most one half. */
    private static final class Level {
        final int length128;
        final long[] hi;
        final long[] lo;
        final int[] value;
        final int mask;
        final long seed = AddressKeys.newSeed();
        int count;

        Level(int length128, List<long[]> entries) {
            this.length128 = length128;
            int capacity = Integer.highestOneBit(Math.max(2, entries.size()) * 2 - 1) << 1;
            this.hi = new long[capacity];
            this.lo = new long[capacity];
            this.value = new int[capacity];
            this.mask = capacity - 1;
            Arrays.fill(value, -1);
            for (long[] e : entries) {
                put(e[0], e[1], (int) e[2]);
            }
        }

        private void put(long h, long l, int v) {
            int i = AddressKeys.hash(h, l, seed) & mask;
            while (value[i] >= 0 && (hi[i] != h || lo[i] != l)) {
                i = (i + 1) & mask;
            }
            if (value[i] < 0) {
                count++;
            }
            hi[i] = h;
            lo[i] = l;
            value[i] = v;
        }

        int get(long h, long l) {
            int i = AddressKeys.hash(h, l, seed) & mask;
            while (value[i] >= 0) {
                if (hi[i] == h && lo[i] == l) {
                    return value[i];
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }
}
