package io.bulwark.store;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded write queue and the {@link BatchWriter} thread that drains it: the part of a store
 * that takes writes from hot threads without ever blocking them.
 *
 * <p>{@link #offer} never waits: a write that does not fit, or that arrives after {@link #close},
 * is dropped and counted (and logged at most every ten seconds). {@link #flush} waits until what
 * was offered before it is committed; {@link #close} drains everything still queued, commits it
 * and ends the thread, so a clean stop loses nothing.
 */
final class WriteQueue {

    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
    /** How long close() waits for the writer to drain before giving up. */
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private final String what;
    private final int capacity;
    private final BlockingQueue<WriteOp> queue;
    private final StoreCounters counters = new StoreCounters();
    private final LogThrottle dropLog = new LogThrottle(Duration.ofSeconds(10));
    private final Thread writer;
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param db the database
     * @param connection an open connection the writer now owns and closes when it ends
     * @param statements what the writes do to the table
     * @param flushInterval the longest a write may stay uncommitted
     * @param capacity how many writes may wait before new ones are dropped
     * @param threadName the name of the writer thread
     */
    WriteQueue(H2Database db, Connection connection, WriteStatements statements, Duration flushInterval,
            int capacity, String threadName) {
        this.what = statements.what();
        this.capacity = capacity;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(new BatchWriter(queue, db, connection, statements, flushInterval, counters),
                threadName);
        // Daemon: a forgotten close() must not keep the JVM alive; committed data is safe.
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues one write, or drops and counts it when the queue is full or closed. Never blocks.
     *
     * @param op the write, not a barrier
     * @return true when it was queued
     */
    boolean offer(WriteOp op) {
        if (!closed && queue.offer(op)) {
            counters.queued.increment();
            return true;
        }
        counters.dropped.increment();
        if (dropLog.tryAcquire()) {
            LOG.warn("{} write dropped ({}); {} dropped so far", capitalized(what),
                    closed ? "store closed" : "queue of " + capacity + " full, the database cannot keep up",
                    counters.dropped.sum());
        }
        return false;
    }

    /** Blocks until everything offered before is committed; returns at once when closed. */
    void flush() {
        if (closed) {
            return;
        }
        WriteOp.Barrier barrier = new WriteOp.Barrier(false);
        try {
            // put() and an untimed await could wait forever if the writer is gone; wait in
            // steps and check on it.
            while (!queue.offer(barrier, 100, TimeUnit.MILLISECONDS)) {
                if (writerGone()) {
                    return;
                }
            }
            while (!barrier.await(100, TimeUnit.MILLISECONDS)) {
                if (writerGone()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return true when the writer has ended because the queue closed (which committed all it
     *     could, so there is nothing left to wait for)
     * @throws IllegalStateException when the writer died while the queue is open
     */
    private boolean writerGone() {
        if (writer.isAlive()) {
            return false;
        }
        if (closed) {
            return true;
        }
        throw new IllegalStateException(what + " writer thread has died");
    }

    /**
     * Refuses further writes, drains and commits what is queued, and ends the writer (which
     * closes its connection). Calling it again does nothing.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopWriter();
        // A write that passed the closed check just before close() began may sit behind the
        // stop barrier; it will never be written, so count it as dropped.
        long stranded = queue.stream().filter(op -> !(op instanceof WriteOp.Barrier)).count();
        queue.clear();
        counters.dropped.add(stranded);
    }

    /** Queues the stop barrier and waits for the writer to drain, commit and end. */
    private void stopWriter() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
        WriteOp.Barrier stop = new WriteOp.Barrier(true);
        try {
            boolean queued = false;
            while (writer.isAlive() && System.nanoTime() - deadline < 0) {
                if (!queued) {
                    queued = queue.offer(stop, 100, TimeUnit.MILLISECONDS);
                } else if (stop.await(100, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            if (writer.isAlive() && !stop.await(0, TimeUnit.SECONDS)) {
                LOG.error("{} writer did not drain within {} s; {} writes lost", capitalized(what),
                        CLOSE_TIMEOUT_SECONDS, queue.size());
                writer.interrupt();
            }
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** @return the counters of this queue */
    StoreCounters counters() {
        return counters;
    }

    /** @return writes waiting now */
    int pending() {
        return queue.size();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
