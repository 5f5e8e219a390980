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
 * The single writer thread of a store: drains its queue and commits batches, one transaction
 * each. What a write does to its table is up to the {@link WriteStatements}: call records and
 * security events use the same writer with their own statements, queue and thread.
 *
 * <p>A batch starts with the first write taken from the queue and is committed when the flush
 * interval since then has passed, when it reaches {@link #MAX_BATCH} writes, or when a barrier
 * ({@code flush()} or stop) arrives. So no write waits in memory longer than the flush interval
 * while the writer keeps up, and a busy writer commits large batches instead of many small ones.
 */
final class BatchWriter implements Runnable {

    /** Caps one transaction's size (memory of the JDBC batch, undo log) under a backlog. */
    static final int MAX_BATCH = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final BlockingQueue<WriteOp> queue;
    private final H2Database db;
    private final WriteStatements statements;
    private final long flushNanos;
    private final StoreCounters counters;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(10));
    private final List<WriteOp> batch = new ArrayList<>();

    private Connection connection;
    /** The connection the statements are prepared on, or null when they are not. */
    private Connection preparedOn;

    /**
     * @param queue the queue to drain
     * @param db the database
     * @param connection an open connection this writer now owns and closes when it ends
     * @param statements what the writes do to the table
     * @param flushInterval the longest a write may stay uncommitted
     * @param counters where to count
     */
    BatchWriter(BlockingQueue<WriteOp> queue, H2Database db, Connection connection, WriteStatements statements,
            Duration flushInterval, StoreCounters counters) {
        this.queue = queue;
        this.db = db;
        this.connection = connection;
        this.statements = statements;
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
            long orphans = statements.executeBatch(batch);
            connection.commit();
            counters.commits.increment();
            counters.written.add(batch.size() - orphans);
            countOrphans(orphans);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            LOG.debug("Batch of {} {} writes failed, retrying one by one", batch.size(), statements.what(), e);
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
                boolean matched = statements.executeOne(op);
                connection.commit();
                counters.commits.increment();
                if (matched) {
                    counters.written.increment();
                } else {
                    countOrphans(1);
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                counters.failed.increment();
                if (failureLog.tryAcquire()) {
                    LOG.warn("Could not write {} ({}); {} writes failed so far", statements.what(),
                            op, counters.failed.sum(), e);
                }
            }
        }
    }

    private void countOrphans(long orphans) {
        if (orphans > 0) {
            // An update of a row that was never inserted (an answer or end of a call never
            // started): nothing to update. Counted, not lost silently, because it points at a
            // bug in the caller.
            counters.orphaned.add(orphans);
            LOG.debug("{} {} updates matched no row", orphans, statements.what());
        }
    }

    /** Reopens the connection and statements if they are gone (first use, or after an error). */
    private void ensureConnection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            closeConnection();
            connection = db.connect();
        }
        if (preparedOn != connection) {
            connection.setAutoCommit(false);
            statements.prepare(connection);
            preparedOn = connection;
        }
    }

    static void closeQuietly(PreparedStatement ps) {
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
            if (preparedOn != null) {
                statements.clearBatches();
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
        preparedOn = null;
        statements.forget();
        if (c != null) {
            try {
                c.close(); // closes its statements too
            } catch (SQLException e) {
                LOG.warn("Closing the store's {} writer connection failed", statements.what(), e);
            }
        }
    }
}
