package io.bulwark.dos.table;

/**
 * Token buckets (GCRA) per key, 24 bytes a slot. An entry whose bucket is full again is
 * reclaimable: a key that sent one packet is forgotten after one interval.
 */
public final class GcraTable extends SlotTable {

    private final long[] tat;

    /**
     * @param slots a power of two, see {@link SlotTable#SlotTable(int)}
     */
    public GcraTable(int slots) {
        super(slots);
        this.tat = new long[slots];
    }

    /**
     * Charges one packet to the bucket of a slot.
     *
     * @param slot a slot from {@link #findOrClaim}
     * @param now the current time in nanoseconds
     * @param limit the limit for this key
     * @return true when the packet conforms (and was charged)
     */
    public boolean tryAcquire(int slot, long now, RateLimit limit) {
        long next = limit.admit(tat[slot], now);
        if (next == Long.MIN_VALUE) {
            return false;
        }
        tat[slot] = next;
        return true;
    }

    @Override
    protected boolean isReclaimable(int slot, long now) {
        return tat[slot] - now <= 0;
    }

    @Override
    protected void reset(int slot, long now) {
        tat[slot] = now;
    }

    @Override
    protected int valueBytesPerSlot() {
        return Long.BYTES;
    }
}
