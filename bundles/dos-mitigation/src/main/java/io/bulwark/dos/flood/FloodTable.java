package io.bulwark.dos.flood;

import io.bulwark.dos.table.SlotTable;

/**
 * A decaying packet counter per source and the time it was last reported: 40 bytes a slot.
 *
 * <p>The counter decays as {@code exp(-t / window)}; for a source sending a steady {@code r}
 * packets per second it settles at about {@code r * window}, so a threshold in packets per second
 * becomes a threshold on the counter of {@code threshold * window}. Unlike fixed sampling
 * windows, no boundary can split a burst in two.
 */
final class FloodTable extends SlotTable {

    private final double[] level;
    private final long[] updated;
    private final long[] reported;
    private final double windowNanos;
    private final long windowLong;

    /**
     * @param slots a power of two
     * @param windowNanos the decay time constant, and the least time between two reports of one
     *     source
     */
    FloodTable(int slots, long windowNanos) {
        super(slots);
        this.level = new double[slots];
        this.updated = new long[slots];
        this.reported = new long[slots];
        this.windowNanos = windowNanos;
        this.windowLong = windowNanos;
    }

    /**
     * Counts one packet.
     *
     * @param slot the source's slot
     * @param now nanoseconds
     * @param thresholdLevel the counter level that means a flood
     * @return the counter after the packet when it crossed the threshold and the source was not
     *     reported within the window (it is now marked reported), else -1
     */
    double count(int slot, long now, double thresholdLevel) {
        double l = decayed(slot, now) + 1;
        level[slot] = l;
        updated[slot] = now;
        if (l < thresholdLevel || now - reported[slot] < windowLong) {
            return -1;
        }
        reported[slot] = now;
        return l;
    }

    private double decayed(int slot, long now) {
        long dt = now - updated[slot];
        return dt <= 0 ? level[slot] : level[slot] * Math.exp(-dt / windowNanos);
    }

    @Override
    protected boolean isReclaimable(int slot, long now) {
        return now - reported[slot] >= windowLong && decayed(slot, now) < 0.5;
    }

    @Override
    protected void reset(int slot, long now) {
        level[slot] = 0;
        updated[slot] = now;
        reported[slot] = now - windowLong; // a new source may be reported at once
    }

    @Override
    protected int valueBytesPerSlot() {
        return Double.BYTES + Long.BYTES + Long.BYTES;
    }
}
