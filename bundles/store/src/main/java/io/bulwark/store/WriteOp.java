package io.bulwark.store;

import io.bulwark.api.event.SecurityEvent;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An entry of a write queue: a change to a call record, a security event to insert, or a barrier
 * for the writer. Each store has its own queue and writer, which sees only its own kind of write
 * and barriers.
 */
sealed interface WriteOp {

    /** {@code callStarted}: becomes a MERGE that sets only the start columns. */
    record Started(String callId, String direction, String caller, String callee,
            String outsideTransport, String insideTransport, Instant at) implements WriteOp {
    }

    /** {@code callAnswered}: becomes an UPDATE of {@code answered}. */
    record Answered(String callId, Instant at) implements WriteOp {
    }

    /** {@code callMedia}: becomes an UPDATE of {@code outside_media} and {@code inside_media}. */
    record Media(String callId, String outsideMedia, String insideMedia) implements WriteOp {
    }

    /** {@code callEnded}: becomes an UPDATE of {@code ended} and {@code end_reason}. */
    record Ended(String callId, String reason, Instant at) implements WriteOp {
    }

    /** A raised security event: becomes an INSERT into {@code security_event}. */
    record Event(SecurityEvent event) implements WriteOp {
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
