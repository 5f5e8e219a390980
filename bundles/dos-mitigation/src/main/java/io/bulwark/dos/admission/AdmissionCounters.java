package io.bulwark.dos.admission;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the gate let in and dropped, by reason. {@link LongAdder}s: no contention between event
 * loops, no allocation once each loop's cell exists.
 */
public final class AdmissionCounters {

    private static final DropReason[] REASONS = DropReason.values();

    private final LongAdder admitted = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[REASONS.length];

    AdmissionCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    /** @return true, so that the gate can count and answer in one expression */
    boolean admitted() {
        admitted.increment();
        return true;
    }

    /**
     * @param reason why
     * @return false, so that the gate can count and answer in one expression
     */
    boolean drop(DropReason reason) {
        dropped[reason.ordinal()].increment();
        return false;
    }

    void overflowed() {
        overflowed.increment();
    }

    /** @return packets, connections and requests let in */
    public long admittedCount() {
        return admitted.sum();
    }

    /**
     * @param reason a reason
     * @return how many were dropped for it
     */
    public long droppedCount(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** @return how often a table had no slot and the shared overflow bucket was used */
    public long overflowCount() {
        return overflowed.sum();
    }

    /** @return every drop counter (allocates: for status pages, not the hot path) */
    public Map<DropReason, Long> droppedByReason() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            out.put(r, droppedCount(r));
        }
        return out;
    }
}
