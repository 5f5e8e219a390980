package io.bulwark.dos.admission;

import io.bulwark.dos.table.RateLimit;
import io.bulwark.dos.table.SlotTable;

/**
 * Open stream connections per source (a count that decays with a configured half-life, so that
 * it stays right even when the transport never reports a close) and a token bucket for new
 * connections per source: 40 bytes a slot.
 */
final class ConnectionTable extends SlotTable {

    /** The connection may open. */
    static final int OPEN = 0;
    /** The source holds its maximum of connections. */
    static final int OVER_CAP = 1;
    /** The source opens connections faster than its rate. */
    static final int OVER_RATE = 2;

    /** Below this decayed count an entry is as good as a fresh one. */
    private static final double NEGLIGIBLE = 0.05;

    private final double[] open;
    private final long[] updated;
    private final long[] tat;
    /** The decay time constant: half-life / ln 2, in nanoseconds. */
    private final double tauNanos;

    /**
     * @param slots a power of two
     * @param halfLifeNanos how long until an unreported connection counts half
     */
    ConnectionTable(int slots, long halfLifeNanos) {
        super(slots);
        this.open = new double[slots];
        this.updated = new long[slots];
        this.tat = new long[slots];
        this.tauNanos = halfLifeNanos / Math.log(2);
    }

    /**
     * @param slot the source's slot
     * @param now nanoseconds
     * @param max connections one source may hold
     * @param rate new connections per source
     * @return {@link #OPEN} (counted), {@link #OVER_CAP} or {@link #OVER_RATE}
     */
    int tryOpen(int slot, long now, int max, RateLimit rate) {
        double count = decayed(slot, now);
        open[slot] = count;
        updated[slot] = now;
        if (count + 1 > max) {
            return OVER_CAP;
        }
        long next = rate.admit(tat[slot], now);
        if (next == Long.MIN_VALUE) {
            return OVER_RATE;
        }
        tat[slot] = next;
        open[slot] = count + 1;
        return OPEN;
    }

    /**
     * @param slot the source's slot
     * @param now nanoseconds
     */
    void closed(int slot, long now) {
        open[slot] = Math.max(0, decayed(slot, now) - 1);
        updated[slot] = now;
    }

    /**
     * @param slot a slot
     * @param now nanoseconds
     * @return the decayed count of open connections
     */
    double openConnections(int slot, long now) {
        return decayed(slot, now);
    }

    private double decayed(int slot, long now) {
        long dt = now - updated[slot];
        return dt <= 0 ? open[slot] : open[slot] * Math.exp(-dt / tauNanos);
    }

    @Override
    protected boolean isReclaimable(int slot, long now) {
        return tat[slot] - now <= 0 && decayed(slot, now) < NEGLIGIBLE;
    }

    @Override
    protected void reset(int slot, long now) {
        open[slot] = 0;
        updated[slot] = now;
        tat[slot] = now;
    }

    @Override
    protected int valueBytesPerSlot() {
        return Double.BYTES + Long.BYTES + Long.BYTES;
    }
}
