package io.bulwark.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: drains the queue and commits batches, one transaction each.
 *
 * <p>A batch starts with the first write taken from the queue and is committed when the flush
 * interval since then has passed, when it reaches {@link #MAX_BATCH} writes, or when a barrier
 * ({@code flush()} or stop) arrives. So no write waits in memory longer than the flush interval
 * while the writer keeps up, and a busy writer commits large batches instead of many small ones.
 *
 * <p>Within a batch all starts (MERGE) run before all answers and ends (UPDATE), so an answer or
 * end queued after its start in the same batch finds the row. The queue is FIFO, so a start is
 * never in a later batch than its answer.
 */
final class BatchWriter implements Runnable {

    /** Caps one transaction's size (memory of the JDBC batch, undo log) under a backlog. */
    static final int MAX_BATCH = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final BlockingQueue<WriteOp> queue;
    private final H2Database db;
    private final long flushNanos;
    private final StoreCounters counters;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(10));
    private final List<WriteOp> batch = new ArrayList<>();

    private Connection connection;
    private PreparedStatement merge;
    private PreparedStatement answer;
    private PreparedStatement end;

    /**
     * @param queue the queue to drain
     * @param db the database
     * @param connection an open connection this writer now owns and closes when it ends
     * @param flushInterval the longest a write may stay uncommitted
     * @param counters where to count
     */
    BatchWriter(BlockingQueue<WriteOp> queue, H2Database db, Connection connection,
            Duration flushInterval, StoreCounters counters) {
        this.queue = queue;
        this.db = db;
        this.connection = connection;
        this.flushNanos = flushInterval.toNanos();
        this.counters = counters;
    }

    @Override
    public void run() {
        long deadline = 0;
        try {
            for (;;) {
                WriteOp op;
                if (batch.isEmpty()) {
                    op = queue.take();
                } else {
                    long wait = deadline - System.nanoTime();
                    op = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                }
                if (op == null) {
                    writeBatch(); // flush interval reached
                } else if (op instanceof WriteOp.Barrier barrier) {
                    writeBatch();
                    barrier.release();
                    if (barrier.stop()) {
                        return;
                    }
                } else {
                    if (batch.isEmpty()) {
                        deadline = System.nanoTime() + flushNanos;
                    }
                    batch.add(op);
                    if (batch.size() >= MAX_BATCH) {
                        writeBatch();
                    }
                }
            }
        } catch (InterruptedException e) {
            // Only when close() gave up waiting: keep what we already hold, then leave.
            writeBatch();
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    /** Commits the current batch in one transaction, or write by write if that fails. */
    private void writeBatch() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            ensureConnection();
            int merges = 0;
            int answers = 0;
            int ends = 0;
            for (WriteOp op : batch) {
                if (op instanceof WriteOp.Started s) {
                    CallRecordSql.bind(merge, s);
                    merge.addBatch();
                    merges++;
                } else if (op instanceof WriteOp.Answered a) {
                    CallRecordSql.bind(answer, a);
                    answer.addBatch();
                    answers++;
                } else if (op instanceof WriteOp.Ended e) {
                    CallRecordSql.bind(end, e);
                    end.addBatch();
                    ends++;
                }
            }
            // Starts first: see the class comment.
            if (merges > 0) {
                merge.executeBatch();
            }
            long orphans = 0;
            if (answers > 0) {
                orphans += zeros(answer.executeBatch());
            }
            if (ends > 0) {
                orphans += zeros(end.executeBatch());
            }
            connection.commit();
            counters.commits.increment();
            counters.written.add(batch.size() - orphans);
            countOrphans(orphans);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            LOG.debug("Batch of {} call record writes failed, retrying one by one", batch.size(), e);
            writeOneByOne();
        } finally {
            batch.clear();
        }
    }

    /**
     * Slow path after a failed batch: commits each write on its own, so one bad write (or a
     * short database hiccup) costs only that write, not the whole batch.
     */
    private void writeOneByOne() {
        for (WriteOp op : batch) {
            try {
                ensureConnection();
                int rows;
                if (op instanceof WriteOp.Started s) {
                    CallRecordSql.bind(merge, s);
                    rows = merge.executeUpdate();
                } else if (op instanceof WriteOp.Answered a) {
                    CallRecordSql.bind(answer, a);
                    rows = answer.executeUpdate();
                } else {
                    CallRecordSql.bind(end, (WriteOp.Ended) op);
                    rows = end.executeUpdate();
                }
                connection.commit();
                counters.commits.increment();
                if (rows == 0) {
                    countOrphans(1);
                } else {
                    counters.written.increment();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                counters.failed.increment();
                if (failureLog.tryAcquire()) {
                    LOG.warn("Could not write call record ({}); {} writes failed so far",
                            op, counters.failed.sum(), e);
                }
            }
        }
    }

    private void countOrphans(long orphans) {
        if (orphans > 0) {
            // An answer or end for a call never started: nothing to update. Counted, not lost
            // silently, because it points at a bug in the caller.
            counters.orphaned.add(orphans);
            LOG.debug("{} call record updates matched no started call", orphans);
        }
    }

    private static long zeros(int[] counts) {
        long n = 0;
        for (int c : counts) {
            if (c == 0) {
                n++;
            }
        }
        return n;
    }

    /** Reopens the connection and statements if they are gone (first use, or after an error). */
    private void ensureConnection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            closeConnection();
            connection = db.connect();
        }
        if (end == null) {
            // Prepared together and assigned last, so a failure leaves none half-set.
            connection.setAutoCommit(false);
            PreparedStatement m = null;
            PreparedStatement a = null;
            try {
                m = connection.prepareStatement(CallRecordSql.MERGE_STARTED);
                a = connection.prepareStatement(CallRecordSql.UPDATE_ANSWERED);
                PreparedStatement e = connection.prepareStatement(CallRecordSql.UPDATE_ENDED);
                merge = m;
                answer = a;
                end = e;
            } catch (SQLException ex) {
                closeQuietly(a);
                closeQuietly(m);
                throw ex;
            }
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // already failing: the original exception is the one that matters
            }
        }
    }

    private void rollbackQuietly() {
        try {
            for (PreparedStatement ps : new PreparedStatement[] {merge, answer, end}) {
                if (ps != null) {
                    ps.clearBatch();
                }
            }
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // The connection is broken; drop it so ensureConnection() opens a new one.
            closeConnection();
        }
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        merge = null;
        answer = null;
        end = null;
        if (c != null) {
            try {
                c.close(); // closes its statements too
            } catch (SQLException e) {
                LOG.warn("Closing the store's writer connection failed", e);
            }
        }
    }
}
