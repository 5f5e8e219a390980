package io.bulwark.dos.table;

/**
 * A fixed-size open-addressing table of address keys whose values live in primitive arrays of
 * the subclass. It never grows and never allocates after construction.
 *
 * <p>A key is looked for in {@value #PROBES} consecutive slots from its hash. When it is
 * missing, it takes the first slot that is empty or whose entry carries no information any
 * more ({@link #isReclaimable}: a token bucket that is full again, a counter decayed to zero),
 * so dropping that entry loses nothing. When every probed slot is in active use, there is no
 * slot: the caller falls back to a shared overflow limit. A flood of spoofed sources therefore
 * costs no memory; it only fills slots whose entries go stale within one refill interval.
 *
 * <p>Threads race on the arrays without locks, on purpose: the transport's event loops share the
 * table, and a lock or CAS per packet would cost more than the rare harm of a race (a few tokens
 * counted twice or not at all, or a slot keyed by a mix of two keys, which matches neither and
 * is reclaimed once stale). Limits are therefore exact for one thread and approximate, by at most
 * the number of event loops, under contention.
 */
public abstract class SlotTable {

    /** Slots examined per lookup. */
    public static final int PROBES = 8;
    /** Smallest table. */
    public static final int MIN_SLOTS = 64;
    /** Largest table (16 Mi slots). */
    public static final int MAX_SLOTS = 1 << 24;
    /** Bytes of the two key arrays per slot. */
    public static final int KEY_BYTES_PER_SLOT = 16;

    private final long[] keyHi;
    private final long[] keyLo;
    private final int mask;
    private final long seed;

    /**
     * @param slots a power of two from {@value #MIN_SLOTS} to {@value #MAX_SLOTS}
     */
    protected SlotTable(int slots) {
        this(validated(slots), AddressKeys.newSeed());
    }

    private SlotTable(int slots, long seed) {
        this.keyHi = new long[slots];
        this.keyLo = new long[slots];
        this.mask = slots - 1;
        this.seed = seed;
    }

    /** Validates before any field is set, so that no half-built table can exist. */
    private static int validated(int slots) {
        if (slots < MIN_SLOTS || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("table size must be a power of two from " + MIN_SLOTS
                    + " to " + MAX_SLOTS + ", got " + slots);
        }
        return slots;
    }

    /** @return the number of slots, fixed at construction */
    public final int slots() {
        return keyHi.length;
    }

    /** @return bytes held by the table's arrays (without the few bytes of array headers) */
    public final long memoryBytes() {
        return (long) slots() * (KEY_BYTES_PER_SLOT + valueBytesPerSlot());
    }

    /**
     * @param hi high word of the key
     * @param lo low word of the key
     * @return the key's slot, or -1 when it has none
     */
    public final int find(long hi, long lo) {
        long h = guard(hi, lo);
        int start = AddressKeys.hash(h, lo, seed);
        for (int p = 0; p < PROBES; p++) {
            int i = (start + p) & mask;
            if (keyHi[i] == h && keyLo[i] == lo) {
                return i;
            }
            if (keyHi[i] == 0 && keyLo[i] == 0) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * @param hi high word of the key
     * @param lo low word of the key
     * @param now the caller's clock, in nanoseconds
     * @return the key's slot, claimed and {@link #reset} if it had none, or -1 when every probed
     *     slot is in active use
     */
    public final int findOrClaim(long hi, long lo, long now) {
        long h = guard(hi, lo);
        int start = AddressKeys.hash(h, lo, seed);
        int free = -1;
        for (int p = 0; p < PROBES; p++) {
            int i = (start + p) & mask;
            long kh = keyHi[i];
            long kl = keyLo[i];
            if (kh == h && kl == lo) {
                return i;
            }
            boolean empty = kh == 0 && kl == 0;
            if (free < 0 && (empty || isReclaimable(i, now))) {
                free = i;
            }
            if (empty) {
                break; // slots are never emptied, so the key cannot sit further on
            }
        }
        if (free >= 0) {
            keyHi[free] = h;
            keyLo[free] = lo;
            reset(free, now);
        }
        return free;
    }

    /** @return slots holding a key (walks the whole table: for tests and diagnostics) */
    public final int occupiedSlots() {
        int n = 0;
        for (int i = 0; i < keyHi.length; i++) {
            if (keyHi[i] != 0 || keyLo[i] != 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param slot an occupied slot
     * @param now the caller's clock, in nanoseconds
     * @return true when the entry holds nothing worth keeping (its state equals a fresh one)
     */
    protected abstract boolean isReclaimable(int slot, long now);

    /**
     * Puts a freshly claimed slot in the state of a key never seen.
     *
     * @param slot the slot
     * @param now the caller's clock, in nanoseconds
     */
    protected abstract void reset(int slot, long now);

    /** @return bytes of value arrays per slot */
    protected abstract int valueBytesPerSlot();

    /** The all-zero key marks an empty slot; the unspecified address {@code ::} moves aside. */
    private static long guard(long hi, long lo) {
        return (hi | lo) == 0 ? Long.MIN_VALUE : hi;
    }
}
