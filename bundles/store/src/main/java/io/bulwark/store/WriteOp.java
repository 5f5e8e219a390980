package io.bulwark.store;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An entry of the write queue: a change to a call record, or a barrier for the writer. */
sealed interface WriteOp {

    /** {@code callStarted}: becomes a MERGE that sets only the start columns. */
    record Started(String callId, String direction, String caller, String callee,
            String outsideTransport, String insideTransport, Instant at) implements WriteOp {
    }

    /** {@code callAnswered}: becomes an UPDATE of {@code answered}. */
    record Answered(String callId, Instant at) implements WriteOp {
    }

    /** {@code callEnded}: becomes an UPDATE of {@code ended} and {@code end_reason}. */
    record Ended(String callId, String reason, Instant at) implements WriteOp {
    }

    /**
     * Makes the writer commit everything queued before it, then release the waiter; a stop
     * barrier also ends the writer thread. The queue is FIFO, so "before it" is exactly what
     * was enqueued before the barrier.
     */
    final class Barrier implements WriteOp {

        private final CountDownLatch done = new CountDownLatch(1);
        private final boolean stop;

        Barrier(boolean stop) {
            this.stop = stop;
        }

        /** @return whether the writer ends after this barrier */
        boolean stop() {
            return stop;
        }

        /** Called by the writer once everything before the barrier is committed. */
        void release() {
            done.countDown();
        }

        /** @return true when released within the timeout */
        boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            return done.await(timeout, unit);
        }
    }
}
