package io.bulwark.inspection.toll;

import io.bulwark.api.inspect.InspectionState;
import java.util.Collection;

/**
 * The Call-IDs of the calls in progress per scope (an extension, or the whole trunk), kept as a
 * set of the inspection state. A set cannot lose one member, so an ended call stays in it until
 * its window has passed, and only the call's own record (see {@link CallRecord}) says whether it
 * is still active. When the ended calls outnumber the active ones, the set is compacted: a new
 * generation of it takes the active calls only.
 *
 * <p>Compaction needs no lock. The compactor first moves the generation on, then reads the old
 * set and copies its active calls; an adder adds to the generation it read, then reads the
 * generation again and adds to the new one too if it moved on. Either the compactor's read sees
 * the adder's call, or the adder sees the new generation. A call's record is stored before the
 * call is added, so the copy does not skip it as ended.
 */
final class ActiveCalls {

    /** Ended calls tolerated in a set before it is compacted (when they outnumber the active). */
    private static final int COMPACT_SLACK = 8;

    private final InspectionState state;
    private final String table;
    private final String records;

    /**
     * @param state where the sets live
     * @param table the table of the sets (and of their generation numbers)
     * @param records the table of the {@link CallRecord}s, by Call-ID
     */
    ActiveCalls(InspectionState state, String table, String records) {
        this.state = state;
        this.table = table;
        this.records = records;
    }

    /**
     * @param scope whose calls, e.g. {@code ext:1001}
     * @param now the clock
     * @param windowMillis how long a member is kept: the longest a call may last, and more
     * @param setupMillis how long an unanswered call counts as active
     * @return the active calls of the scope
     */
    int count(String scope, long now, long windowMillis, long setupMillis) {
        String generation = generation(scope, now);
        Collection<String> ids = state.members(table, scope + "#" + generation, now, windowMillis);
        int active = 0;
        for (String id : ids) {
            if (active(id, now, setupMillis)) {
                active++;
            }
        }
        int ended = ids.size() - active;
        if (ended > COMPACT_SLACK && ended > active) {
            compact(scope, generation, now, windowMillis, setupMillis);
        }
        return active;
    }

    /** Adds a call (whose record is stored already) to the scope's set, or refreshes it there. */
    void add(String scope, String callId, long now, long windowMillis) {
        String generation = generation(scope, now);
        state.distinct(table, scope + "#" + generation, callId, now, windowMillis);
        String again = generation(scope, now);
        if (!again.equals(generation)) {
            state.distinct(table, scope + "#" + again, callId, now, windowMillis);
        }
    }

    private void compact(String scope, String generation, long now, long windowMillis, long setupMillis) {
        long g;
        try {
            g = Long.parseLong(generation);
        } catch (NumberFormatException e) {
            g = 0;
        }
        String next = Long.toString(g + 1);
        state.put(table, scope, next, Long.MAX_VALUE);
        String old = scope + "#" + generation;
        for (String id : state.members(table, old, now, windowMillis)) {
            if (active(id, now, setupMillis)) {
                state.distinct(table, scope + "#" + next, id, now, windowMillis);
            }
        }
        state.forget(table, old);
    }

    private String generation(String scope, long now) {
        String g = state.get(table, scope, now);
        return g == null ? "0" : g;
    }

    private boolean active(String callId, long now, long setupMillis) {
        CallRecord r = CallRecord.decode(state.get(records, callId, now));
        return r != null && r.active(now, setupMillis);
    }
}
