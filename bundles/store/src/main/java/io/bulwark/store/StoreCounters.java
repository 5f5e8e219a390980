package io.bulwark.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * Write counters of one queue, in number of write operations (a call usually makes three: start,
 * answer, end; a security event one). {@link LongAdder} because the producers are the SIP and
 * detector threads, which must not contend.
 */
final class StoreCounters {

    final LongAdder queued = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder orphaned = new LongAdder();
    final LongAdder commits = new LongAdder();
}
